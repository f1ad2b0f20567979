import type { CodeSteps, Steps } from "@/lib/rules/steps/types";

/** Neutral: neither assumes a weak nor a good signal. */
export const NETWORK_DEFAULT: Steps = {
  zh: ["请商户看一下终端的信号格数和网络类型，并重启一次终端", "信号弱时移到靠窗或信号更好的位置，或切换到商户WiFi；信号好时检查流量卡是否欠费", "仍不稳定则联系运营商检查当地网络，或请收单机构技术支持核对主机参数"],
  en: [
    "Ask the merchant to read out the signal bars and network type, and to restart the terminal once",
    "If the signal is weak, move it near a window or onto the merchant's Wi-Fi; if it is good, check the SIM is paid up",
    "If it stays unstable, ask the carrier to check local coverage, or the acquirer's support to check the host settings",
  ],
};

/** The link is weak or failing: steps about coverage and the SIM, never "the signal is fine". */
export const WEAK_SIGNAL_STEPS: Steps = {
  zh: ["请商户把终端移到靠窗、远离金属柜和大功率电器的位置，再看信号格数", "检查流量卡是否插好、是否欠费或流量用完；店里有WiFi时改连WiFi", "当地覆盖长期较差时，更换信号更好的运营商流量卡或联系运营商"],
  en: [
    "Ask the merchant to move the terminal near a window, away from metal cabinets and heavy appliances, and read out the signal bars",
    "Check the SIM is seated, paid up and has data left; if the shop has Wi-Fi, connect to it",
    "Where coverage stays poor, switch to a SIM from a carrier with better coverage or call the carrier",
  ],
};

/** Sign-in or key download failing on a weak or failing link. */
export const WEAK_LINK_SIGN_IN_STEPS: Steps = {
  zh: ["请商户把终端移到信号好的位置或连上WiFi，然后重启终端（电签机开机后自动签到）", "检查流量卡是否欠费停机；传统POS在网络恢复后在菜单选择“签到”", "签到成功后再交易；网络正常仍签不上，请收单机构核对主机参数"],
  en: [
    "Ask the merchant to move the terminal to a better signal or onto Wi-Fi, then restart it (a 电签 terminal signs in by itself at start-up)",
    "Check the SIM is not suspended; on a classic POS choose Sign-in once the link is back",
    "Trade only after sign-in succeeds; if it still fails on a good link, ask the acquirer to check the host settings",
  ],
};

export const NETWORK_CODE_STEPS: readonly CodeSteps[] = [
  {
    codes: ["T_HOST_CONFIG_ERR", "T_CONNECT_FAIL"],
    zh: ["请商户重启终端后试做一次签到；信号正常却连不上主机，多半是主机地址或端口设置不对", "请收单机构技术支持核对终端的主机IP、端口和APN，或执行一次参数下载", "改正后签到并试做一笔交易确认连通"],
    en: [
      "Ask the merchant to restart the terminal and try a sign-in; with a good signal and no host connection, the host address or port is usually wrong",
      "Have the acquirer's support check the host IP, port and APN on the terminal, or run a parameter download",
      "Sign in and run one test sale to confirm the link works",
    ],
  },
  {
    codes: ["T_SIM_SUSPENDED"],
    zh: ["请商户确认流量卡是否欠费或流量已用完", "为流量卡充值或续订流量套餐（代理商或运营商渠道）", "复通后请商户重启终端并签到"],
    en: [
      "Ask the merchant whether the terminal's SIM is unpaid or out of data",
      "Top up the SIM or renew its data plan through the agent or the carrier",
      "Once service is back, ask the merchant to restart the terminal and sign in",
    ],
  },
  {
    codes: ["T_WIFI_DISCONNECTED"],
    zh: ["请商户重启店里的路由器，并把终端放到离路由器近一些的地方", "在终端上重新连接WiFi并核对密码", "WiFi长期不稳定时改用4G流量卡"],
    en: [
      "Ask the merchant to restart the shop's router and keep the terminal closer to it",
      "Reconnect the terminal to Wi-Fi and check the password",
      "If the Wi-Fi stays unreliable, switch the terminal to a 4G SIM",
    ],
  },
  {
    codes: ["T_SIGNIN_FAIL", "T_NOT_SIGNED_IN", "T_MASTER_KEY_MISSING", "T_KEY_DOWNLOAD_FAIL", "T_CERT_DOWNLOAD_FAIL", "A0", "99"],
    zh: ["请商户重启终端（电签机开机后自动签到），并确认流量卡有信号、未欠费", "传统POS在菜单选择“签到”；信号良好仍签到失败，请收单机构核对主机参数和终端登记", "签到成功后再交易"],
    en: [
      "Ask the merchant to restart the terminal (a 电签 terminal signs in by itself at start-up) and confirm the SIM has signal and is paid up",
      "On a classic POS choose Sign-in; if sign-in still fails on a good signal, ask the acquirer to check the host settings and the terminal registration",
      "Trade only after sign-in succeeds",
    ],
  },
  {
    codes: ["T_TMS_UPDATE_FAIL"],
    zh: ["请商户让终端在信号好或有WiFi的地方保持开机并接上充电器", "网络稳定后重新发起TMS升级", "仍反复失败时安排上门或寄修刷机"],
    en: [
      "Ask the merchant to keep the terminal switched on and charging where signal or Wi-Fi is good",
      "Start the TMS update again once the link is stable",
      "If it keeps failing, arrange an on-site or mail-in re-flash",
    ],
  },
];

/** Good signal yet the link fails (timeouts, reversals): not coverage, so SIM, router or host. */
export const GOOD_SIGNAL_LINK_STEPS: Steps = {
  zh: ["请商户重启终端；用WiFi的同时重启路由器", "信号正常仍超时，检查流量卡是否欠费或限速，必要时换卡测试", "仍超时请收单机构技术支持检查主机端口和线路"],
  en: [
    "Ask the merchant to restart the terminal, and the router too if it is on Wi-Fi",
    "With a good signal and still timing out, check the SIM is paid up and not throttled; test another SIM if needed",
    "If it still times out, ask the acquirer's support to check the host port and line",
  ],
};
