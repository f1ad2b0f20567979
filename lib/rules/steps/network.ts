import type { CodeSteps, Steps } from "@/lib/rules/steps/types";

export const NETWORK_DEFAULT: Steps = {
  zh: ["查看终端信号格数和网络类型", "把终端移到靠窗或信号更好的位置，或切换到商户WiFi", "仍不稳定则联系运营商检查当地网络"],
  en: [
    "Check the signal bars and network type on the terminal",
    "Move the terminal near a window or to a better spot, or switch it to the merchant's Wi-Fi",
    "If it stays unstable, ask the carrier to check local coverage",
  ],
};

export const WEAK_SIGNAL_STEPS: Steps = {
  zh: ["终端连续多次上报弱信号或无服务", "请商户把终端移到靠窗、远离金属柜和大功率电器的位置", "当地覆盖差时改用WiFi，或更换信号更好的运营商流量卡"],
  en: [
    "The terminal reported weak or no signal several times in a row",
    "Ask the merchant to move it near a window, away from metal cabinets and heavy appliances",
    "Where coverage is poor, switch to Wi-Fi or to a SIM from a carrier with better coverage",
  ],
};

export const NETWORK_CODE_STEPS: readonly CodeSteps[] = [
  {
    codes: ["T_HOST_CONFIG_ERR", "T_CONNECT_FAIL"],
    zh: ["信号正常但连不上主机：核对终端的主机IP、端口和APN设置", "按收单机构下发的参数改正，或执行一次参数下载", "改正后做一次签到确认连通"],
    en: [
      "Signal is fine but the host cannot be reached: check the host IP, port and APN on the terminal",
      "Correct them from the acquirer's parameters, or run a parameter download",
      "Sign in once to confirm the link works",
    ],
  },
  {
    codes: ["T_SIM_SUSPENDED"],
    zh: ["流量卡欠费停机或流量已用完", "为流量卡充值或续订流量套餐（代理商或运营商渠道）", "复通后重启终端并签到"],
    en: [
      "The SIM's data service is suspended: unpaid or out of data",
      "Top up the SIM or renew its data plan through the agent or the carrier",
      "Restart the terminal and sign in once service is back",
    ],
  },
  {
    codes: ["T_WIFI_DISCONNECTED"],
    zh: ["商户WiFi断开或不稳定，请商户重启路由器", "在终端上重新连接WiFi并核对密码", "WiFi长期不稳定时改用4G流量卡"],
    en: [
      "The merchant's Wi-Fi drops: ask them to restart the router",
      "Reconnect the terminal to Wi-Fi and check the password",
      "If the Wi-Fi stays unreliable, switch the terminal to a 4G SIM",
    ],
  },
  {
    codes: ["T_SIGNIN_FAIL", "T_NOT_SIGNED_IN", "T_MASTER_KEY_MISSING", "T_KEY_DOWNLOAD_FAIL", "T_CERT_DOWNLOAD_FAIL"],
    zh: ["签到或密钥下载因通讯失败而无法完成", "先检查信号和流量卡状态，确保能连上主机", "网络恢复后重新签到，再进行交易"],
    en: [
      "Sign-in or key download cannot finish because the link fails",
      "Check the signal and the SIM first so the terminal can reach the host",
      "Sign in again once the link is back, then trade",
    ],
  },
  {
    codes: ["T_TMS_UPDATE_FAIL"],
    zh: ["远程升级因网络不稳中断", "让终端在信号好或WiFi环境下保持开机充电", "网络稳定后重新发起TMS升级"],
    en: [
      "The remote update keeps breaking off on the poor link",
      "Leave the terminal powered and charging where signal or Wi-Fi is good",
      "Start the TMS update again once the link is stable",
    ],
  },
];
