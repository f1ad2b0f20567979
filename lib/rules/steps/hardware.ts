import type { CodeSteps, Steps } from "@/lib/rules/steps/types";

export const HARDWARE_DEFAULT: Steps = {
  zh: ["请商户描述终端屏幕上的提示，并查看外壳、屏幕、接口有无摔碰损坏", "请商户重启终端，观察故障是否复现", "仍有故障则登记报修，安排维修或换机"],
  en: [
    "Ask the merchant what the screen shows and to look for drop or knock damage on the case, screen and ports",
    "Ask the merchant to restart the terminal and watch whether the fault comes back",
    "If it persists, log a repair and arrange a repair or an exchange unit",
  ],
};

export const HARDWARE_CODE_STEPS: readonly CodeSteps[] = [
  {
    codes: ["T_PED_TAMPERED"],
    zh: ["请商户立即停止使用该终端：安全模块已触发防拆并清除了密钥", "提醒商户不要自行拆机或找人重灌密钥", "联系收单机构办理换机，旧机寄回检测"],
    en: [
      "Ask the merchant to stop using the terminal now: the security module detected tampering and wiped its keys",
      "Tell them not to open it or have keys reloaded locally",
      "Ask the acquirer for an exchange unit and send the old one back for inspection",
    ],
  },
  {
    codes: ["T_HASH_CHECK_ERR", "T_APP_MANAGER_BOOT", "T_BOOT_ERR_10000", "30"],
    zh: ["请商户重启一次终端，并告诉您开机画面显示的内容", "仍进不了支付应用时，通过TMS或维修网点重新灌装支付应用", "重灌后仍无法正常开机或报文仍出错，办理换机"],
    en: [
      "Ask the merchant to restart the terminal once and read out what the boot screen shows",
      "If the payment app still does not start, have it re-installed through TMS or at a service point",
      "If it still fails to boot or keeps sending bad messages after that, exchange the unit",
    ],
  },
  {
    codes: ["T_CARD_READ_FAIL", "T_IC_READER_FAULT", "45", "T_USE_CHIP"],
    zh: ["请商户用干布清洁磁条槽和IC卡槽，再用一张确认完好的卡分别试刷卡、插卡、挥卡", "多张不同的卡都读不出，说明读卡模块故障", "登记报修或换机"],
    en: [
      "Ask the merchant to wipe the swipe and chip slots with a dry cloth, then try a known-good card by swipe, chip and tap",
      "If several different cards all fail, the reader module is faulty",
      "Log a repair or arrange an exchange unit",
    ],
  },
  {
    codes: ["T_PINPAD_FAULT", "T_KEY_DOWNLOAD_FAIL", "A0", "99", "T_CERT_DOWNLOAD_FAIL", "T_MASTER_KEY_MISSING"],
    zh: [
      "请商户重启终端并重新签到（电签机开机后自动签到，传统POS在菜单选择“签到”），看是否仍提示密钥错误",
      "信号良好而签到后仍报错，说明密钥存不住，由服务商重新灌装主密钥",
      "灌装后仍报错则安全模块损坏，办理换机",
    ],
    en: [
      "Ask the merchant to restart the terminal and sign in again (a 电签 terminal signs in by itself at start-up; on a classic POS choose Sign-in), and say whether key errors remain",
      "If errors continue after sign-in on a good signal, the keys do not stick: have the service provider re-inject the master key",
      "If errors continue after injection the security module is broken: exchange the unit",
    ],
  },
  {
    codes: ["T_BATTERY_LOW", "T_BATTERY_FAULT"],
    zh: ["请商户接上原装充电器充电，并留意电量是否上涨", "电量不涨或很快掉电，换一条充电线并检查充电口是否松动", "电池老化则更换电池或换机"],
    en: [
      "Ask the merchant to plug in the original charger and watch whether the level rises",
      "If it does not rise or drops fast, try another cable and check whether the charging port is loose",
      "Replace an aged battery, or exchange the unit",
    ],
  },
  {
    codes: ["T_PRINTER_NO_PAPER"],
    zh: ["请商户装入热敏打印纸（光面朝向打印头）", "请商户打印一张测试单确认", "装纸后仍提示缺纸则纸仓传感器故障，报修"],
    en: [
      "Ask the merchant to load thermal paper, printable side facing the print head",
      "Ask them to print a test slip to confirm",
      "If it still reports no paper, the paper sensor needs a repair",
    ],
  },
  {
    codes: ["T_PRINTER_FAULT"],
    zh: ["请商户打开纸仓清除卡纸、清洁打印头", "请商户重启后打印测试单", "仍无法打印则报修打印模块"],
    en: ["Ask the merchant to open the paper bay, clear any jam and clean the print head", "Ask them to restart and print a test slip", "If it still fails, have the printer module repaired"],
  },
  {
    codes: ["T_NO_SIM", "T_WIRELESS_MODULE_ERR"],
    zh: ["请商户关机后取出SIM卡，检查卡片和卡槽后重新插紧再开机", "仍检测不到卡时换一张可用的SIM卡测试", "换卡后仍检测不到或模块报错，无线模块故障，报修或换机"],
    en: [
      "Ask the merchant to power off, take the SIM out, check card and slot, re-seat it firmly and power on",
      "If it is still not detected, test with another working SIM",
      "If the SIM is still not detected or the modem still errors, repair or exchange the unit",
    ],
  },
  {
    codes: ["T_DEVICE_OBSOLETE_2G"],
    zh: ["请商户暂停使用该终端并改用其他收款方式：它只支持2G，当地2G网络已退网", "为商户申请4G机具换机，升级无法解决", "换机后完成激活和绑定商户"],
    en: [
      "Ask the merchant to take payments another way for now: this unit is 2G-only and the local 2G network has been retired",
      "Order a 4G replacement terminal; no update can fix this",
      "Activate and bind the replacement to the merchant",
    ],
  },
];

/** On the charger but not gaining charge, or the charging state flapping: charger, cable or port. */
export const CHARGER_FAULT_STEPS: Steps = {
  zh: ["请商户换用原装充电器和另一条充电线，插紧后看电量是否上涨", "轻动充电线时充电图标时有时无，说明充电口松动或接触不良", "仍充不进电则更换电池或充电口，必要时换机"],
  en: [
    "Ask the merchant to use the original charger and another cable, plug it in firmly and watch whether the level rises",
    "If the charging icon comes and goes when the cable moves, the charging port is loose or dirty",
    "If it still will not charge, replace the battery or the port, or exchange the unit",
  ],
};
