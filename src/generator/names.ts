import type { Random } from "./random.js";

/**
 * Chinese names for generated records, in the Traditional script of seeds/longhutang. They only
 * need to look plausible; codes, not names, identify records. A pool that runs out repeats with a
 * number (新橋二社區), so names stay distinct within their kind where it matters to a reader.
 */

const DISTRICTS = ["新北", "天寧", "鐘樓", "武進", "金壇", "溧陽", "江陰", "宜興", "錫山", "惠山", "濱湖", "梁溪", "新吳", "吳中", "相城", "姑蘇"];
const SUBDISTRICTS = [
  "龍虎塘", "三井", "河海", "薛家", "羅溪", "西夏墅", "春江", "孟河", "奔牛", "鄒區", "湖塘", "牛塘", "南夏墅", "雪堰", "前黃", "禮嘉",
  "洛陽", "橫山橋", "鄭陸", "青龍", "紅梅", "蘭陵", "茶山", "丁堰", "戚墅堰", "潞城", "北港", "西林", "五星", "永紅", "南大街", "荷花池",
];
const STEMS = [
  "龍錦", "新橋", "華興", "錦繡", "東方", "和平", "幸福", "陽光", "綠園", "金港", "東港", "新堂", "翠湖", "江南", "黃河", "長江",
  "富民", "興隆", "安居", "康樂", "清潭", "紫荊", "桂花", "梅園", "楓林", "雲龍", "鳳凰", "玉帶", "天安", "泰和", "永寧", "瑞景",
  "嘉禾", "麗華", "星河", "朝陽", "青楓", "白雲", "藍天", "碧水", "景泰", "怡康", "美林", "晨光", "春暉", "秋實", "頤和", "世紀",
];
const SURNAMES = ["張", "王", "李", "趙", "陳", "劉", "楊", "黃", "周", "吳", "徐", "孫", "胡", "朱", "高", "林", "何", "郭", "馬", "羅", "丁", "蔣", "沈", "韓"];
const COMPOUND_SUFFIX: Readonly<Record<string, readonly string[]>> = {
  RESETTLEMENT: ["家園", "新村", "新苑", "安居苑", "花苑"],
  COMMODITY: ["花園", "名都", "華庭", "雅苑", "府", "公館", "名苑", "城"],
  OLD_TOWN: ["老街小區", "小區", "里", "坊"],
  UNIT_QUARTERS: ["宿舍區", "職工新村", "家屬院"],
  OTHER: ["公寓", "小區"],
};
const INDUSTRIES = ["精密機械", "電子科技", "物流", "環保材料", "塑業", "信息技術", "紡織", "新能源", "生物醫藥", "食品", "建材", "汽車配件", "光電", "軟件", "餐飲管理", "貿易"];
const SOCIAL = ["社會工作服務中心", "志願者協會", "養老服務中心", "鄰里互助會", "青少年服務中心", "調解服務社", "文化促進會", "慈善服務站"];
const NUMERALS = ["", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

function numbered(pool: readonly string[], index: number): string {
  const round = Math.floor(index / pool.length);
  return `${pool[index % pool.length]!}${round === 0 ? "" : (NUMERALS[round] ?? String(round + 1))}`;
}

export const districtName = (index: number): string => `${numbered(DISTRICTS, index)}區`;
export const subdistrictName = (index: number): string => `${numbered(SUBDISTRICTS, index)}街道`;

/** Distinct stems for the communities of one subdistrict, in a random order. */
export function stems(random: Random, count: number): string[] {
  const order = random.shuffle(STEMS);
  return Array.from({ length: count }, (_, index) => numbered(order, index));
}

export const villageName = (random: Random): string => `${random.pick(SURNAMES)}家村委`;
export const compoundName = (random: Random, stem: string, kind: string): string => `${stem}${random.pick(COMPOUND_SUFFIX[kind] ?? COMPOUND_SUFFIX.OTHER!)}`;
export const freshStem = (random: Random): string => random.pick(STEMS);
export const companyName = (random: Random, stem: string): { name: string; sector: string } => {
  const sector = random.pick(INDUSTRIES);
  return { name: `常州${stem}${sector}有限公司`, sector };
};
export const socialName = (random: Random, stem: string): { name: string; sector: string } => {
  const sector = random.pick(SOCIAL);
  return { name: `${stem}${sector}`, sector };
};
export const surname = (random: Random): string => random.pick(SURNAMES);
