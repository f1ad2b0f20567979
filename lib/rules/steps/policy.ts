import type { CodeSteps, Steps } from "@/lib/rules/steps/types";

export const POLICY_DEFAULT: Steps = {
  zh: ["联系收单机构确认该商户或终端受到的限制", "按要求更新终端软件或补充商户资料", "处理完成后签到并试做一笔交易"],
  en: [
    "Ask the acquirer what restriction applies to this merchant or terminal",
    "Update the terminal software or supply merchant documents as required",
    "Sign in and try one sale once it is cleared",
  ],
};

export const FIRMWARE_UPDATE_STEPS: Steps = {
  zh: ["终端固件低于收单机构要求的最低版本", "让终端连上网络并充电，通过TMS推送升级或在终端上执行“检查更新”", "升级完成后核对版本号并签到"],
  en: [
    "The firmware is older than the acquirer's minimum",
    "Keep the terminal online and charging, push the update from TMS or run Check for updates",
    "Confirm the new version number afterwards and sign in",
  ],
};

export const FIRMWARE_BLOCKED_STEPS: Steps = {
  zh: ["该固件版本已被收单机构停用，继续使用可能交易失败", "立即通过TMS升级到当前发布版本", "无法远程升级时安排上门或寄修刷机"],
  en: [
    "This firmware version has been withdrawn by the acquirer and may fail transactions",
    "Update to the current release through TMS right away",
    "If the remote update fails, arrange an on-site or mail-in re-flash",
  ],
};

export const POLICY_CODE_STEPS: readonly CodeSteps[] = [
  {
    codes: ["T_MERCHANT_FROZEN", "03"],
    zh: ["商户被收单机构风控冻结或限制", "联系收单机构风控了解原因，按要求补充营业执照、身份证、经营场所照片等资料", "解冻后签到并试做一笔小额交易"],
    en: [
      "The acquirer's risk control has frozen or restricted the merchant",
      "Ask the acquirer's risk team why, and supply the requested licence, ID and shop photos",
      "Once released, sign in and run a small test sale",
    ],
  },
  {
    codes: ["T_TERMINAL_FROZEN"],
    zh: ["终端被收单机构暂停使用（常见于长期不用自动冻结）", "联系收单机构或代理商申请解冻", "解冻后签到并交易"],
    en: [
      "The acquirer has suspended this terminal, often after a long idle period",
      "Ask the acquirer or the agent to lift the suspension",
      "Sign in and trade once it is lifted",
    ],
  },
  {
    codes: ["97"],
    zh: ["终端号未在收单机构或银联登记", "核对终端上的商户号、终端号与入网资料是否一致", "联系收单机构完成终端登记或重新下载参数"],
    en: [
      "The terminal ID is not registered with the acquirer or UnionPay",
      "Check that the merchant and terminal IDs on the device match the onboarding records",
      "Ask the acquirer to register the terminal, then download parameters again",
    ],
  },
  {
    codes: ["58", "60"],
    zh: ["收单机构或发卡方限制本终端进行该交易", "联系收单机构确认终端的交易权限", "按要求补充资料或调整交易类型"],
    en: [
      "The acquirer or issuers do not allow this terminal to make these transactions",
      "Ask the acquirer which transactions the terminal may make",
      "Supply documents or change the transaction type as they require",
    ],
  },
  {
    codes: ["T_FW_VERSION_LOW", "T_TMS_UPDATE_FAIL"],
    zh: ["主机要求升级终端软件后才能交易", "让终端连网充电，通过TMS或终端菜单完成升级", "远程升级反复失败时安排刷机"],
    en: [
      "The host requires a software update before it will accept transactions",
      "Keep the terminal online and charging and complete the update via TMS or the terminal menu",
      "If the remote update keeps failing, arrange a re-flash",
    ],
  },
  {
    codes: ["T_PARAM_DOWNLOAD_REQUIRED", "78"],
    zh: ["主机要求下载新参数", "在管理菜单执行“参数下载”", "下载完成后重新签到"],
    en: ["The host requires new parameters", "Run Parameter download from the management menu", "Sign in again afterwards"],
  },
  {
    codes: ["T_CERT_EXPIRED"],
    zh: ["终端安全证书过期，先确认终端日期时间正确", "通过TMS更新证书或升级固件", "仍失败时联系收单机构重新下发证书"],
    en: [
      "The security certificate looks expired: first check the terminal's date and time",
      "Update the certificate or firmware through TMS",
      "If it still fails, ask the acquirer to issue the certificate again",
    ],
  },
  {
    codes: ["T_LOCATION_ABNORMAL"],
    zh: ["终端不在登记的经营地址使用", "请商户回到登记地址使用终端", "确需迁址时向收单机构提交地址变更"],
    en: [
      "The terminal is being used away from its registered business address",
      "Ask the merchant to use it at the registered address",
      "If the shop has moved, file an address change with the acquirer",
    ],
  },
];
