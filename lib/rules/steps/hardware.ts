import type { CodeSteps, Steps } from "@/lib/rules/steps/types";

export const HARDWARE_DEFAULT: Steps = {
  zh: ["联系商户描述终端现象，检查外壳、屏幕、接口是否有摔碰损坏", "重启终端并观察故障是否复现", "仍有故障则登记报修，安排维修或换机"],
  en: [
    "Call the merchant, ask what the terminal shows and look for drop or knock damage",
    "Restart the terminal and see whether the fault comes back",
    "If it persists, log a repair and arrange repair or an exchange unit",
  ],
};

export const HARDWARE_CODE_STEPS: readonly CodeSteps[] = [
  {
    codes: ["T_PED_TAMPERED"],
    zh: ["立即停止使用该终端：安全模块已触发防拆，密钥已清除", "不要自行拆机或重灌密钥", "联系收单机构办理换机，旧机寄回检测"],
    en: [
      "Stop using the terminal now: the security module detected tampering and wiped its keys",
      "Do not open it or try to reload keys locally",
      "Ask the acquirer for an exchange unit and send the old one back for inspection",
    ],
  },
  {
    codes: ["T_HASH_CHECK_ERR", "T_APP_MANAGER_BOOT", "T_BOOT_ERR_10000", "30"],
    zh: ["终端程序损坏或缺失，记录开机画面的提示", "通过TMS或维修网点重新灌装支付应用", "重灌后仍无法正常开机或报文仍出错，办理换机"],
    en: [
      "The payment application is damaged or missing; note what the boot screen shows",
      "Have the payment app re-installed through TMS or at a service point",
      "If it still fails to boot or keeps sending bad messages after that, exchange the unit",
    ],
  },
  {
    codes: ["T_CARD_READ_FAIL", "T_IC_READER_FAULT", "45", "T_USE_CHIP"],
    zh: ["读卡器在多张卡上失败，先清洁磁条槽和IC卡槽", "用一张确认完好的卡分别试刷卡、插卡、挥卡", "仍读不出则读卡模块故障，报修或换机"],
    en: [
      "The reader fails on many different cards: clean the swipe slot and the chip slot",
      "Try a known-good card by swipe, chip and tap",
      "If it still cannot read, the reader module is faulty: repair or exchange",
    ],
  },
  {
    codes: ["T_PINPAD_FAULT", "T_KEY_DOWNLOAD_FAIL", "A0", "99", "T_CERT_DOWNLOAD_FAIL"],
    zh: ["密码键盘或密钥存储异常，先重新签到下载工作密钥", "仍失败则由服务商重新灌装主密钥", "灌装后仍报错说明安全模块损坏，办理换机"],
    en: [
      "The PIN pad or key storage is failing: sign in again to reload the working keys",
      "If that fails, have the service provider re-inject the master key",
      "If errors continue after injection the security module is broken: exchange the unit",
    ],
  },
  {
    codes: ["T_BATTERY_LOW", "T_BATTERY_FAULT"],
    zh: ["请商户接上原装充电器充电", "充电后电量不涨或很快掉电，检查充电线和充电口", "电池老化则更换电池或换机"],
    en: [
      "Ask the merchant to plug in the original charger",
      "If the level does not rise or drops fast, check the cable and the charging port",
      "Replace an aged battery, or exchange the unit",
    ],
  },
  {
    codes: ["T_PRINTER_NO_PAPER"],
    zh: ["请商户装入热敏打印纸（注意正反面）", "打印一张测试单确认", "装纸后仍提示缺纸则检查纸仓传感器并报修"],
    en: [
      "Ask the merchant to load thermal paper, printable side facing the print head",
      "Print a test slip to confirm",
      "If it still reports no paper, the paper sensor needs a repair",
    ],
  },
  {
    codes: ["T_PRINTER_FAULT"],
    zh: ["打开纸仓检查卡纸并清洁打印头", "重启后打印测试单", "仍无法打印则报修打印模块"],
    en: ["Open the paper bay, clear any jam and clean the print head", "Restart and print a test slip", "If it still fails, have the printer module repaired"],
  },
  {
    codes: ["T_NO_SIM", "T_WIRELESS_MODULE_ERR"],
    zh: ["关机后取出SIM卡，检查卡片和卡槽后重新插紧", "换一张可用的SIM卡测试", "仍检测不到卡或模块报错，无线模块故障，报修或换机"],
    en: [
      "Power off, take the SIM out, check card and slot and re-seat it firmly",
      "Test with another working SIM",
      "If the SIM is still not detected or the modem still errors, repair or exchange the unit",
    ],
  },
  {
    codes: ["T_DEVICE_OBSOLETE_2G"],
    zh: ["该机只支持2G，当地2G网络已退网，无法通过升级解决", "为商户申请4G机具换机", "换机后完成激活和绑定商户"],
    en: [
      "This unit is 2G-only and the local 2G network has been retired; no update can fix it",
      "Order a 4G replacement terminal for the merchant",
      "Activate and bind the replacement to the merchant",
    ],
  },
];
