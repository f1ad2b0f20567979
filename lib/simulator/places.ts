// The agent tree and the cities it serves. The tree is fixed (not drawn from the seed) so the demo
// accounts in lib/demo/accounts.ts can name their agents by code whatever the seed.

export interface City {
  name: string;
  province: string;
  /** Sub-agent serving the city. */
  agent: string;
  /** Share of the fleet, relative weight. */
  weight: number;
  lat: number;
  lon: number;
  districts: readonly { name: string; streets: readonly string[] }[];
}

export interface AgentSpec {
  code: string;
  name: string;
  parent: string | null;
}

export const AGENT_TREE: readonly AgentSpec[] = [
  { code: "ROOT", name: "鑫联支付·总部直营", parent: null },
  { code: "EAST", name: "华东大区代理", parent: "ROOT" },
  { code: "SOUTH", name: "华南大区代理", parent: "ROOT" },
  { code: "WEST", name: "西南大区代理", parent: "ROOT" },
  { code: "CENTRAL", name: "华中大区代理", parent: "ROOT" },
  { code: "HZ", name: "杭州融达商务服务部", parent: "EAST" },
  { code: "SH", name: "上海浦汇信息服务部", parent: "EAST" },
  { code: "NJ", name: "南京金陵易付", parent: "EAST" },
  { code: "GZ", name: "广州穗付通", parent: "SOUTH" },
  { code: "SZ", name: "深圳鹏城智付", parent: "SOUTH" },
  { code: "CD", name: "成都蓉易收", parent: "WEST" },
  { code: "CQ", name: "重庆渝快付", parent: "WEST" },
  { code: "WH", name: "武汉江城收款服务部", parent: "CENTRAL" },
  { code: "CS", name: "长沙星城易付", parent: "CENTRAL" },
];

export const CITIES: readonly City[] = [
  { name: "杭州", province: "浙江", agent: "HZ", weight: 14, lat: 30.274, lon: 120.155, districts: [
    { name: "西湖区", streets: ["文三路", "教工路", "古墩路", "天目山路"] },
    { name: "上城区", streets: ["解放路", "清泰街", "望江路"] },
    { name: "拱墅区", streets: ["湖墅南路", "莫干山路", "大关路"] },
    { name: "滨江区", streets: ["江南大道", "滨盛路", "长河路"] },
    { name: "余杭区", streets: ["文一西路", "五常大道", "良睦路"] },
  ] },
  { name: "上海", province: "上海", agent: "SH", weight: 16, lat: 31.23, lon: 121.473, districts: [
    { name: "徐汇区", streets: ["漕溪北路", "肇嘉浜路", "天钥桥路"] },
    { name: "浦东新区", streets: ["张杨路", "世纪大道", "东方路", "川沙路"] },
    { name: "静安区", streets: ["南京西路", "延安中路", "共和新路"] },
    { name: "杨浦区", streets: ["四平路", "国定路", "黄兴路"] },
    { name: "闵行区", streets: ["七莘路", "沪闵路", "都市路"] },
  ] },
  { name: "南京", province: "江苏", agent: "NJ", weight: 8, lat: 32.06, lon: 118.797, districts: [
    { name: "玄武区", streets: ["中山路", "珠江路", "北京东路"] },
    { name: "秦淮区", streets: ["中华路", "太平南路", "应天大街"] },
    { name: "鼓楼区", streets: ["湖南路", "中山北路", "汉中门大街"] },
    { name: "江宁区", streets: ["双龙大道", "天元中路"] },
  ] },
  { name: "广州", province: "广东", agent: "GZ", weight: 12, lat: 23.129, lon: 113.264, districts: [
    { name: "天河区", streets: ["天河路", "体育西路", "中山大道西"] },
    { name: "越秀区", streets: ["北京路", "中山五路", "东风中路"] },
    { name: "海珠区", streets: ["江南大道中", "工业大道北", "新港西路"] },
    { name: "番禺区", streets: ["市桥街", "迎宾路"] },
  ] },
  { name: "深圳", province: "广东", agent: "SZ", weight: 14, lat: 22.543, lon: 114.058, districts: [
    { name: "南山区", streets: ["科技园南路", "南海大道", "桃园路"] },
    { name: "福田区", streets: ["深南中路", "华强北路", "福华路"] },
    { name: "罗湖区", streets: ["东门中路", "人民南路"] },
    { name: "宝安区", streets: ["新安六路", "建安一路", "创业二路"] },
  ] },
  { name: "成都", province: "四川", agent: "CD", weight: 12, lat: 30.573, lon: 104.066, districts: [
    { name: "锦江区", streets: ["春熙路", "东大街", "红星路"] },
    { name: "武侯区", streets: ["武侯祠大街", "科华北路", "玉林路"] },
    { name: "青羊区", streets: ["长顺上街", "青华路", "光华大道"] },
    { name: "成华区", streets: ["建设路", "二环路东二段"] },
  ] },
  { name: "重庆", province: "重庆", agent: "CQ", weight: 8, lat: 29.563, lon: 106.551, districts: [
    { name: "渝中区", streets: ["民权路", "民生路", "中山三路"] },
    { name: "江北区", streets: ["建新北路", "北城天街"] },
    { name: "南岸区", streets: ["南坪正街", "江南大道"] },
  ] },
  { name: "武汉", province: "湖北", agent: "WH", weight: 9, lat: 30.593, lon: 114.305, districts: [
    { name: "江汉区", streets: ["江汉路", "解放大道", "新华路"] },
    { name: "武昌区", streets: ["中南路", "中北路", "武珞路"] },
    { name: "洪山区", streets: ["珞喻路", "雄楚大道", "民族大道"] },
  ] },
  { name: "长沙", province: "湖南", agent: "CS", weight: 7, lat: 28.228, lon: 112.939, districts: [
    { name: "芙蓉区", streets: ["五一大道", "解放西路", "韶山北路"] },
    { name: "天心区", streets: ["坡子街", "黄兴南路", "书院路"] },
    { name: "岳麓区", streets: ["麓山南路", "桐梓坡路", "枫林三路"] },
  ] },
];

export function cityByName(name: string): City | undefined {
  return CITIES.find((c) => c.name === name);
}
