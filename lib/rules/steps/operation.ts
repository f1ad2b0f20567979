import type { CodeSteps, Steps } from "@/lib/rules/steps/types";

export const OPERATION_DEFAULT: Steps = {
  zh: ["联系商户，了解收银员操作时看到的提示", "按正确流程带其完整操作一遍", "必要时发送操作指引并回访确认"],
  en: [
    "Call the merchant and ask what the cashier sees on screen",
    "Walk them through the correct procedure once, end to end",
    "Send the written guide if needed and call back to confirm",
  ],
};

export const OPERATION_CODE_STEPS: readonly CodeSteps[] = [
  {
    codes: ["T_NOT_SIGNED_IN", "77", "A0", "99", "T_MASTER_KEY_MISSING"],
    zh: ["交易前需先签到：在主菜单选择“签到”，输入操作员号和密码", "签到成功后终端会下载工作密钥，再发起交易", "提醒商户每天营业前先签到"],
    en: [
      "Sign in (签到) before trading: choose Sign-in on the main menu, enter operator number and password",
      "Sign-in loads fresh working keys; trade only after it succeeds",
      "Remind the merchant to sign in every day before the first sale",
    ],
  },
  {
    codes: ["T_BATCH_NOT_SETTLED", "79", "95"],
    zh: ["上一批次还未结算：在管理菜单执行“结算”", "结算成功并打印结算单后再签到交易", "提醒商户每天营业结束后结算"],
    en: [
      "The previous batch is still open: run Settlement from the management menu",
      "After settlement succeeds and the report prints, sign in and trade",
      "Remind the merchant to settle at the end of every business day",
    ],
  },
  {
    codes: ["T_USE_CHIP", "45"],
    zh: ["芯片卡不能刷磁条：请把卡插入IC卡槽（芯片朝上）", "交易完成前不要拔卡", "向收银员演示一次插卡交易"],
    en: [
      "Chip cards must not be swiped: insert the card into the chip slot, chip up",
      "Leave the card in until the transaction finishes",
      "Show the cashier one chip transaction",
    ],
  },
  {
    codes: ["T_CARD_REMOVED", "T_INPUT_TIMEOUT"],
    zh: ["交易中途拔卡或输入超时会导致交易中断", "提示收银员等待屏幕提示“交易成功”再拔卡，并及时让持卡人输密码", "向收银员演示一次完整交易"],
    en: [
      "Pulling the card early or letting input time out breaks the transaction",
      "Tell the cashier to wait for the success screen and prompt the cardholder to enter the PIN in time",
      "Show the cashier one complete transaction",
    ],
  },
  {
    codes: ["T_TERMINAL_NOT_ACTIVATED"],
    zh: ["终端尚未激活或未绑定商户", "用激活码在终端或代理商后台完成激活并绑定商户", "激活后签到，做一笔小额交易验证"],
    en: [
      "The terminal has not been activated or bound to a merchant",
      "Complete activation with the activation code and bind it to the merchant in the agent portal",
      "Sign in and run a small test sale",
    ],
  },
  {
    codes: ["T_OPERATOR_PWD_ERR"],
    zh: ["操作员或主管密码输入错误", "核对操作员号和密码，必要时由主管重置", "提醒商户不要随意修改密码"],
    en: ["The operator or supervisor password was wrong", "Check the operator number and password; have the supervisor reset it if needed", "Ask the merchant to change passwords only deliberately"],
  },
  {
    codes: ["T_TXN_NOT_ENABLED"],
    zh: ["该交易类型未在终端上开通", "确认商户需要的交易类型，在代理商后台申请开通权限", "开通后重新签到"],
    en: ["This transaction type is not enabled on the terminal", "Confirm what the merchant needs and request the permission in the agent portal", "Sign in again after it is enabled"],
  },
  {
    codes: ["12", "22", "25", "64", "94", "13"],
    zh: ["撤销、退货或冲正的操作不符合规则（原交易不对、金额不符、重复提交或超出期限）", "核对原交易凭证的参考号和金额后再操作", "当日交易用撤销，隔日用退货；不要重复提交"],
    en: [
      "Voids, refunds or retries broke the rules: wrong original, wrong amount, resubmitted, or too late",
      "Check the reference number and amount on the original slip before retrying",
      "Use Void on the same day and Refund afterwards; do not resubmit",
    ],
  },
];
