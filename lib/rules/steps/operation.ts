import type { CodeSteps, Steps } from "@/lib/rules/steps/types";

export const OPERATION_DEFAULT: Steps = {
  zh: ["请商户说一下收银员操作时屏幕上的提示", "按正确流程带其完整操作一遍", "必要时发送操作指引并回访确认"],
  en: [
    "Ask the merchant what the cashier sees on screen when it goes wrong",
    "Walk them through the correct procedure once, end to end",
    "Send the written guide if needed and call back to confirm",
  ],
};

export const OPERATION_CODE_STEPS: readonly CodeSteps[] = [
  {
    codes: ["T_NOT_SIGNED_IN", "77", "A0", "99", "T_MASTER_KEY_MISSING", "T_SIGNIN_FAIL"],
    zh: [
      "请商户先签到再交易：电签机重启一次即自动签到；传统POS在主菜单选择“签到”，输入操作员号和密码",
      "签到成功会重新下载工作密钥，之后再发起交易；签到失败时检查流量卡和信号",
      "提醒商户每天营业前先签到（电签机保持开机联网即可）",
    ],
    en: [
      "Ask the merchant to sign in before trading: a 电签 terminal signs in by itself after a restart; on a classic POS choose Sign-in and enter the operator number and password",
      "Sign-in loads fresh working keys; trade only after it succeeds, and check the SIM and signal if it fails",
      "Remind the merchant to sign in every day before the first sale (a 电签 terminal just needs to stay on and online)",
    ],
  },
  {
    codes: ["T_BATCH_NOT_SETTLED", "79", "95"],
    zh: ["请商户在管理菜单执行“结算”", "结算成功并打印结算单后再签到交易", "提醒商户每天营业结束后结算"],
    en: [
      "Ask the merchant to run Settlement from the management menu",
      "After settlement succeeds and the report prints, sign in and trade",
      "Remind the merchant to settle at the end of every business day",
    ],
  },
  {
    codes: ["T_USE_CHIP", "45"],
    zh: ["请商户提醒收银员：芯片卡要插入IC卡槽（芯片朝上），不要刷磁条", "交易完成前不要拔卡", "向收银员演示一次插卡交易"],
    en: [
      "Ask the merchant to tell the cashier that chip cards go into the chip slot, chip up, not through the swipe",
      "Leave the card in until the transaction finishes",
      "Show the cashier one chip transaction",
    ],
  },
  {
    codes: ["T_CARD_REMOVED", "T_INPUT_TIMEOUT"],
    zh: ["请商户提醒收银员等屏幕提示“交易成功”再拔卡，并及时让持卡人输入密码", "中途拔卡或输入超时会导致交易中断", "向收银员演示一次完整交易"],
    en: [
      "Ask the merchant to have the cashier wait for the success screen before removing the card, and to prompt the cardholder for the PIN in time",
      "Pulling the card early or letting input time out breaks the transaction",
      "Show the cashier one complete transaction",
    ],
  },
  {
    codes: ["T_TERMINAL_NOT_ACTIVATED"],
    zh: ["请商户准备好激活码，在终端上完成激活并绑定商户", "也可在代理商后台完成激活和绑定", "激活后签到，做一笔小额交易验证"],
    en: [
      "Ask the merchant to have the activation code ready and complete activation and merchant binding on the terminal",
      "Activation and binding can also be done in the agent portal",
      "Sign in and run a small test sale",
    ],
  },
  {
    codes: ["T_OPERATOR_PWD_ERR"],
    zh: ["请商户核对操作员号和密码后重新签到，必要时由主管重置密码", "签到成功后再交易", "提醒商户不要随意修改密码，并记好主管密码"],
    en: [
      "Ask the merchant to check the operator number and password and sign in again; have the supervisor reset it if needed",
      "Trade only after sign-in succeeds",
      "Ask the merchant to change passwords only deliberately and keep the supervisor password safe",
    ],
  },
  {
    codes: ["T_TXN_NOT_ENABLED"],
    zh: ["请商户说明需要的交易类型", "在代理商后台申请开通该交易权限", "开通后重新签到"],
    en: ["Ask the merchant which transaction type they need", "Request the permission in the agent portal", "Sign in again after it is enabled"],
  },
  {
    codes: ["12", "22", "25", "64", "94", "13"],
    zh: ["请商户撤销、退货前核对原交易凭证上的参考号和金额", "当日交易用撤销，隔日用退货；不要重复提交", "向收银员演示一次撤销和退货"],
    en: [
      "Ask the merchant to check the reference number and amount on the original slip before a void or refund",
      "Use Void on the same day and Refund afterwards; do not resubmit",
      "Show the cashier one void and one refund",
    ],
  },
];
