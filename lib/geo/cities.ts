// Centres of Chinese cities, for a terminal's registered place when the import gives only a city,
// and for naming the city a reported position is nearest to.
//
// Coverage: the 4 municipalities, all 27 capitals of the provinces and autonomous regions of the
// mainland, and 53 more of the largest prefecture-level cities by population and economy (84 in
// all). Not covered: the other ~250 prefecture-level cities, county-level cities, Hong Kong,
// Macau and Taiwan. A city that is not in the table has no centre: a terminal registered there
// needs coordinates from the import before its position can be checked.
//
// Source: the coordinates of each city's urban core (the seat of the city government), as widely
// published in gazetteers and atlases, rounded to 4 decimal places and checked against each other
// by distance (e.g. 北京–上海 ≈ 1,068 km, 广州–深圳 ≈ 104 km; tests/unit/geo/). They are a city
// centre to within a few kilometres, not a survey: good for a 30 km relocation threshold, not for
// street-level work. See docs/activity.md.
import { haversineKm, type LatLon } from "./distance";

export interface City extends LatLon {
  /** Name as merchants are registered with it, without the 市 suffix: "杭州". */
  name: string;
  /** English name. */
  en: string;
  /** Province, autonomous region or municipality, short form: "浙江". */
  province: string;
  /** True for a municipality or the capital of a province or autonomous region. */
  capital: boolean;
}

type Row = [name: string, en: string, province: string, lat: number, lon: number, capital?: 1];

const ROWS: Row[] = [
  // Municipalities.
  ["北京", "Beijing", "北京", 39.9042, 116.4074, 1],
  ["上海", "Shanghai", "上海", 31.2304, 121.4737, 1],
  ["天津", "Tianjin", "天津", 39.0842, 117.2009, 1],
  ["重庆", "Chongqing", "重庆", 29.563, 106.5516, 1],
  // Capitals of the provinces and autonomous regions.
  ["石家庄", "Shijiazhuang", "河北", 38.0428, 114.5149, 1],
  ["太原", "Taiyuan", "山西", 37.8706, 112.5489, 1],
  ["呼和浩特", "Hohhot", "内蒙古", 40.8424, 111.749, 1],
  ["沈阳", "Shenyang", "辽宁", 41.8057, 123.4315, 1],
  ["长春", "Changchun", "吉林", 43.8171, 125.3235, 1],
  ["哈尔滨", "Harbin", "黑龙江", 45.8038, 126.535, 1],
  ["南京", "Nanjing", "江苏", 32.0603, 118.7969, 1],
  ["杭州", "Hangzhou", "浙江", 30.2741, 120.1551, 1],
  ["合肥", "Hefei", "安徽", 31.8206, 117.2272, 1],
  ["福州", "Fuzhou", "福建", 26.0745, 119.2965, 1],
  ["南昌", "Nanchang", "江西", 28.682, 115.8579, 1],
  ["济南", "Jinan", "山东", 36.6512, 117.1201, 1],
  ["郑州", "Zhengzhou", "河南", 34.7466, 113.6254, 1],
  ["武汉", "Wuhan", "湖北", 30.5928, 114.3055, 1],
  ["长沙", "Changsha", "湖南", 28.2282, 112.9388, 1],
  ["广州", "Guangzhou", "广东", 23.1291, 113.2644, 1],
  ["南宁", "Nanning", "广西", 22.817, 108.3665, 1],
  ["海口", "Haikou", "海南", 20.044, 110.1999, 1],
  ["成都", "Chengdu", "四川", 30.5728, 104.0668, 1],
  ["贵阳", "Guiyang", "贵州", 26.647, 106.6302, 1],
  ["昆明", "Kunming", "云南", 25.0389, 102.7183, 1],
  ["拉萨", "Lhasa", "西藏", 29.652, 91.1721, 1],
  ["西安", "Xi'an", "陕西", 34.3416, 108.9398, 1],
  ["兰州", "Lanzhou", "甘肃", 36.0611, 103.8343, 1],
  ["西宁", "Xining", "青海", 36.6171, 101.7782, 1],
  ["银川", "Yinchuan", "宁夏", 38.4872, 106.2309, 1],
  ["乌鲁木齐", "Urumqi", "新疆", 43.8256, 87.6168, 1],
  // Other large prefecture-level cities.
  ["深圳", "Shenzhen", "广东", 22.5431, 114.0579],
  ["东莞", "Dongguan", "广东", 23.0207, 113.7518],
  ["佛山", "Foshan", "广东", 23.0215, 113.1214],
  ["惠州", "Huizhou", "广东", 23.1115, 114.4162],
  ["珠海", "Zhuhai", "广东", 22.271, 113.5767],
  ["中山", "Zhongshan", "广东", 22.5176, 113.3926],
  ["江门", "Jiangmen", "广东", 22.5787, 113.0819],
  ["汕头", "Shantou", "广东", 23.3541, 116.6819],
  ["湛江", "Zhanjiang", "广东", 21.2707, 110.3594],
  ["苏州", "Suzhou", "江苏", 31.299, 120.5853],
  ["无锡", "Wuxi", "江苏", 31.4912, 120.3119],
  ["常州", "Changzhou", "江苏", 31.8106, 119.9741],
  ["南通", "Nantong", "江苏", 31.9802, 120.8943],
  ["徐州", "Xuzhou", "江苏", 34.2044, 117.2858],
  ["扬州", "Yangzhou", "江苏", 32.3942, 119.4129],
  ["盐城", "Yancheng", "江苏", 33.3476, 120.1633],
  ["宁波", "Ningbo", "浙江", 29.8683, 121.544],
  ["温州", "Wenzhou", "浙江", 27.9943, 120.6994],
  ["绍兴", "Shaoxing", "浙江", 30.0023, 120.581],
  ["嘉兴", "Jiaxing", "浙江", 30.7467, 120.7555],
  ["金华", "Jinhua", "浙江", 29.079, 119.6474],
  ["台州", "Taizhou", "浙江", 28.6564, 121.4208],
  ["青岛", "Qingdao", "山东", 36.0671, 120.3826],
  ["烟台", "Yantai", "山东", 37.4638, 121.4479],
  ["潍坊", "Weifang", "山东", 36.7069, 119.1618],
  ["临沂", "Linyi", "山东", 35.1041, 118.3564],
  ["济宁", "Jining", "山东", 35.4149, 116.5871],
  ["淄博", "Zibo", "山东", 36.8131, 118.0548],
  ["厦门", "Xiamen", "福建", 24.4798, 118.0894],
  ["泉州", "Quanzhou", "福建", 24.8741, 118.6757],
  ["漳州", "Zhangzhou", "福建", 24.513, 117.6471],
  ["大连", "Dalian", "辽宁", 38.914, 121.6147],
  ["鞍山", "Anshan", "辽宁", 41.1087, 122.9946],
  ["唐山", "Tangshan", "河北", 39.6305, 118.1802],
  ["保定", "Baoding", "河北", 38.8739, 115.4646],
  ["邯郸", "Handan", "河北", 36.6256, 114.5391],
  ["洛阳", "Luoyang", "河南", 34.6197, 112.454],
  ["南阳", "Nanyang", "河南", 32.9907, 112.5283],
  ["襄阳", "Xiangyang", "湖北", 32.009, 112.1224],
  ["宜昌", "Yichang", "湖北", 30.6919, 111.2865],
  ["株洲", "Zhuzhou", "湖南", 27.8274, 113.134],
  ["岳阳", "Yueyang", "湖南", 29.3573, 113.1289],
  ["衡阳", "Hengyang", "湖南", 26.8934, 112.572],
  ["赣州", "Ganzhou", "江西", 25.8292, 114.935],
  ["芜湖", "Wuhu", "安徽", 31.3526, 118.4331],
  ["柳州", "Liuzhou", "广西", 24.3264, 109.4281],
  ["桂林", "Guilin", "广西", 25.2736, 110.29],
  ["绵阳", "Mianyang", "四川", 31.4675, 104.6796],
  ["遵义", "Zunyi", "贵州", 27.7254, 106.9272],
  ["三亚", "Sanya", "海南", 18.2528, 109.5119],
  ["包头", "Baotou", "内蒙古", 40.6574, 109.8403],
  ["吉林", "Jilin", "吉林", 43.8378, 126.5496],
  ["大庆", "Daqing", "黑龙江", 46.5877, 125.1031],
];

export const CITIES: readonly City[] = ROWS.map(([name, en, province, lat, lon, capital]) => ({ name, en, province, lat, lon, capital: capital === 1 }));

const BY_NAME = new Map<string, City>();
for (const c of CITIES) {
  BY_NAME.set(c.name, c);
  BY_NAME.set(c.en.toLowerCase(), c);
}

/** "杭州", "杭州市", " Hangzhou " → the city; undefined when the table does not have it. */
export function findCity(name: string | null | undefined): City | undefined {
  if (!name) return undefined;
  const n = name.trim();
  return BY_NAME.get(n.replace(/市$/, "")) ?? BY_NAME.get(n.toLowerCase().replace(/\s+city$/, ""));
}

/** The city of the table nearest to a position, with its distance, km. */
export function nearestCity(at: LatLon): { city: City; km: number } {
  let best = CITIES[0]!;
  let bestKm = haversineKm(at, best);
  for (const c of CITIES) {
    const km = haversineKm(at, c);
    if (km < bestKm) {
      best = c;
      bestKm = km;
    }
  }
  return { city: best, km: bestKm };
}
