// Parts Chinese merchant and person names are drawn from.
import type { Rng } from "./random";

/** A kind of shop: its name parts, opening hours (local) and how its sales spread over the day. */
export interface ShopKind {
  key: "food" | "retail" | "fresh" | "drinks" | "service";
  prefixes: readonly string[];
  types: readonly string[];
  /** Opening and closing hour, Asia/Shanghai; 0–24 is open around the clock. */
  hours: readonly [number, number];
  weight: number;
}

export const SHOP_KINDS: readonly ShopKind[] = [
  {
    key: "food",
    prefixes: ["川味", "湘味", "老王", "张记", "李记", "巴蜀", "粤香", "兰州", "沙县", "老街", "阿香", "蜀香", "江南", "胖哥", "刘姐"],
    types: ["小馆", "面馆", "米粉店", "饺子馆", "火锅店", "烧烤", "小吃店", "私房菜", "早餐店", "卤味店", "快餐"],
    hours: [9, 23],
    weight: 34,
  },
  {
    key: "retail",
    prefixes: ["好邻居", "惠民", "老王", "邻里", "快客", "福满多", "百姓", "金太阳", "鑫鑫", "佳佳", "天天", "红星"],
    types: ["便利店", "超市", "小卖部", "烟酒行", "五金店", "文具店", "日用百货", "手机店", "母婴店"],
    hours: [7, 23],
    weight: 30,
  },
  {
    key: "fresh",
    prefixes: ["鲜果", "果然鲜", "百果", "阿香", "农家", "绿源", "乐鲜", "四季"],
    types: ["水果店", "鲜果坊", "生鲜超市", "蔬菜店", "肉铺", "鲜花店"],
    hours: [7, 22],
    weight: 14,
  },
  {
    key: "drinks",
    prefixes: ["茶语", "半糖", "小鹿", "一杯", "悠然", "青柠", "暖阳"],
    types: ["奶茶店", "咖啡馆", "茶饮", "甜品店", "烘焙坊"],
    hours: [10, 22],
    weight: 12,
  },
  {
    key: "service",
    prefixes: ["美丽", "潮流", "阿强", "雅致", "一剪", "名匠", "安心"],
    types: ["理发店", "美甲店", "洗衣店", "药房", "眼镜店", "宠物店", "服装店"],
    hours: [9, 21],
    weight: 10,
  },
];

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹"];
const GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "志强", "晓东", "海燕", "丹", "婷", "斌", "红梅", "国庆"];
// Mobile prefixes of the three carriers.
const PHONE_PREFIXES = ["134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159", "182", "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "173", "177", "180", "181", "189", "199"];

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

export function phoneNumber(rng: Rng): string {
  return rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, "0");
}

export function shopName(rng: Rng, kind: ShopKind): string {
  return rng.pick(kind.prefixes) + rng.pick(kind.types);
}
