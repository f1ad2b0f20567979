import type { CodeSteps, Steps } from "@/lib/rules/steps/types";

// The seed article's first policy step: keep up with changes in payment rules (了解政策法规变化).
const CHECK_RULES = {
  zh: "向收单机构了解最新的政策法规变化和对该商户、终端的要求",
  en: "Check the latest payment rules and what they require of this merchant and terminal with the acquirer",
};

export const POLICY_DEFAULT: Steps = {
  zh: ["请商户说明终端的提示，并准备营业执照等商户资料", CHECK_RULES.zh, "按要求更新终端软件或补充资料后，签到并试做一笔交易"],
  en: [
    "Ask the merchant what the terminal shows and to have the merchant documents ready",
    CHECK_RULES.en,
    "Update the terminal software or supply documents as required, then sign in and try one sale",
  ],
};

export const FIRMWARE_UPDATE_STEPS: Steps = {
  zh: ["请商户让终端保持开机、联网并接上充电器，在终端上执行“检查更新”", `${CHECK_RULES.zh}，确认最低版本`, "通过TMS推送升级，完成后核对版本号并签到"],
  en: [
    "Ask the merchant to keep the terminal on, online and charging, and run Check for updates on it",
    `${CHECK_RULES.en}, including the minimum version`,
    "Push the update from TMS, then confirm the new version number and sign in",
  ],
};

export const FIRMWARE_BLOCKED_STEPS: Steps = {
  zh: ["请商户让终端保持开机、联网并接上充电器：该固件版本已被停用，可能交易失败", "立即通过TMS升级到当前发布版本", `无法远程升级时安排上门或寄修刷机；${CHECK_RULES.zh}`],
  en: [
    "Ask the merchant to keep the terminal on, online and charging: this firmware has been withdrawn and may fail transactions",
    "Update to the current release through TMS right away",
    `If the remote update fails, arrange an on-site or mail-in re-flash; ${CHECK_RULES.en.charAt(0).toLowerCase()}${CHECK_RULES.en.slice(1)}`,
  ],
};

export const FIRMWARE_UNREADABLE_STEPS: Steps = {
  zh: ["请商户在终端“关于本机”或设置中查看并报出软件版本号", "核对TMS中该终端的版本记录，版本异常时重新推送当前版本", `${CHECK_RULES.zh}，确认该版本是否允许使用`],
  en: [
    "Ask the merchant to read the software version from the terminal's About or Settings screen",
    "Check the terminal's version in TMS and push the current release if it looks wrong",
    `${CHECK_RULES.en}, and whether that version is allowed`,
  ],
};

export const POLICY_CODE_STEPS: readonly CodeSteps[] = [
  {
    codes: ["T_MERCHANT_FROZEN", "03"],
    zh: ["请商户暂停用该终端收款，并准备营业执照、身份证、经营场所照片", "联系收单机构风控了解冻结或限制原因，了解最新的政策法规要求并按要求补充资料", "解冻后签到并试做一笔小额交易"],
    en: [
      "Ask the merchant to stop taking payments on it and get the business licence, ID and shop photos ready",
      "Ask the acquirer's risk team why the merchant is frozen or restricted, check the latest rules they apply, and supply what they ask for",
      "Once released, sign in and run a small test sale",
    ],
  },
  {
    codes: ["T_TERMINAL_FROZEN"],
    zh: ["请商户确认终端最近是否长期未用（长期不用常被自动冻结）", "联系收单机构或代理商申请解冻，并了解最新的政策法规要求", "解冻后签到并交易"],
    en: [
      "Ask the merchant whether the terminal sat unused for a long time (long idle terminals are often frozen automatically)",
      "Ask the acquirer or the agent to lift the suspension, and check the latest rules they apply",
      "Sign in and trade once it is lifted",
    ],
  },
  {
    codes: ["97"],
    zh: ["请商户报出终端上显示的商户号和终端号", "与入网资料核对；不一致或未登记时联系收单机构完成终端登记，并了解最新的入网要求", "登记后重新下载参数并签到"],
    en: [
      "Ask the merchant to read out the merchant and terminal IDs shown on the device",
      "Compare them with the onboarding records; if they differ or are unregistered, have the acquirer register the terminal and check the current onboarding rules",
      "Download parameters again and sign in",
    ],
  },
  {
    codes: ["58", "60"],
    zh: ["请商户说明被拒的交易类型和卡种", CHECK_RULES.zh + "，确认终端的交易权限", "按要求补充资料或调整交易类型"],
    en: ["Ask the merchant which transactions and cards are refused", `${CHECK_RULES.en}, including which transactions the terminal may make`, "Supply documents or change the transaction type as they require"],
  },
  {
    codes: ["T_FW_VERSION_LOW", "T_TMS_UPDATE_FAIL"],
    zh: ["请商户让终端保持开机、联网并接上充电器，在终端菜单执行升级", `${CHECK_RULES.zh}，确认要求的软件版本`, "远程升级反复失败时安排刷机"],
    en: [
      "Ask the merchant to keep the terminal on, online and charging and run the update from its menu",
      `${CHECK_RULES.en}, including the software version they require`,
      "If the remote update keeps failing, arrange a re-flash",
    ],
  },
  {
    codes: ["T_PARAM_DOWNLOAD_REQUIRED", "78"],
    zh: ["请商户在管理菜单执行“参数下载”", "下载完成后重新签到", CHECK_RULES.zh],
    en: ["Ask the merchant to run Parameter download from the management menu", "Sign in again afterwards", CHECK_RULES.en],
  },
  {
    codes: ["T_CERT_EXPIRED"],
    zh: ["请商户查看终端上的日期和时间是否正确（时间不对会让证书看似过期）", "通过TMS更新证书或升级固件", `仍失败时联系收单机构重新下发证书；${CHECK_RULES.zh}`],
    en: [
      "Ask the merchant whether the terminal's date and time are right (a wrong clock makes a valid certificate look expired)",
      "Update the certificate or firmware through TMS",
      `If it still fails, ask the acquirer to issue the certificate again; ${CHECK_RULES.en.charAt(0).toLowerCase()}${CHECK_RULES.en.slice(1)}`,
    ],
  },
  {
    codes: ["T_LOCATION_ABNORMAL"],
    zh: ["请商户在登记的经营地址使用终端", "确需迁址时向收单机构提交地址变更", `${CHECK_RULES.zh}（如异地使用的限制）`],
    en: [
      "Ask the merchant to use the terminal at its registered business address",
      "If the shop has moved, file an address change with the acquirer",
      `${CHECK_RULES.en} (such as limits on use away from the registered address)`,
    ],
  },
];
