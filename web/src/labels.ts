import type { Language } from "./i18n";

/**
 * The names of the API's enum values (place, organisation, unit, event and link kinds, forms,
 * network rules) in each language, so a table reads 党支部 rather than BRANCH. A value without a
 * name here (one the API adds later) shows as the API spells it.
 */
type Names = Readonly<Record<string, readonly [zhHans: string, zhHant: string, en: string]>>;

const NAMES: Names = {
  // PlaceKind
  DISTRICT: ["区", "區", "District"],
  SUBDISTRICT: ["街道", "街道", "Subdistrict"],
  COMMUNITY: ["社区", "社區", "Community"],
  COMPOUND: ["小区", "小區", "Compound"],
  BUILDING: ["楼栋", "樓棟", "Building"],
  COURTYARD: ["院落", "院落", "Courtyard"],
  STREET_BLOCK: ["街区", "街區", "Street block"],
  INDUSTRIAL_PARK: ["产业园区", "產業園區", "Industrial park"],
  OFFICE_BUILDING: ["商务楼宇", "商務樓宇", "Office building"],
  TRADE_MARKET: ["专业市场", "專業市場", "Trade market"],
  VILLAGE_COMMITTEE: ["村委会", "村委會", "Village committee"],
  OLD_TOWN_DISTRICT: ["老镇区", "老鎮區", "Old town district"],
  // OrganisationKind
  DISTRICT_COMMITTEE: ["区委", "區委", "District committee"],
  WORKING_COMMITTEE: ["街道党工委", "街道黨工委", "Working committee"],
  COMMUNITY_COMMITTEE: ["社区党委", "社區黨委", "Community committee"],
  UNIT_COMMITTEE: ["单位党委", "單位黨委", "Unit committee"],
  SYSTEM_COMMITTEE: ["系统党委", "系統黨委", "System committee"],
  GENERAL_BRANCH: ["党总支", "黨總支", "General branch"],
  BRANCH: ["党支部", "黨支部", "Branch"],
  GROUP: ["党小组", "黨小組", "Group"],
  // OrganisationForm (STREET_BLOCK, INDUSTRIAL_PARK, OFFICE_BUILDING, TRADE_MARKET as above)
  TERRITORIAL: ["属地", "屬地", "Territorial"],
  JOINT: ["联合", "聯合", "Joint"],
  UNIT: ["单位", "單位", "Unit"],
  REGIONAL: ["区域", "區域", "Regional"],
  // UnitKind
  RESIDENT_UNIT: ["驻区单位", "駐區單位", "Resident unit"],
  DISPATCHED_AGENCY: ["派驻机构", "派駐機構", "Dispatched agency"],
  NEW_ECONOMIC_ORGANISATION: ["新经济组织", "新經濟組織", "New economic organisation"],
  NEW_SOCIAL_ORGANISATION: ["新社会组织", "新社會組織", "New social organisation"],
  // ChangeEventKind
  MERGER: ["撤并", "撤併", "Merger"],
  SPLIT: ["拆分", "拆分", "Split"],
  SUCCESSION: ["承继", "承繼", "Succession"],
  ABSORPTION: ["并入", "併入", "Absorption"],
  RENAME: ["更名", "更名", "Rename"],
  TRANSFER: ["划转", "劃轉", "Transfer"],
  FOUNDING: ["新设", "新設", "Founding"],
  DISSOLUTION: ["撤销", "撤銷", "Dissolution"],
  // LinkKind
  COUNCIL_SEAT: ["联席会席位", "聯席會席位", "Council seat"],
  CO_BUILDING: ["共建协议", "共建協議", "Co-building agreement"],
  REGISTRATION: ["到社区报到", "到社區報到", "Registration"],
  VOLUNTEER_TEAM: ["志愿服务队", "志願服務隊", "Volunteer team"],
  PAIRING: ["结对帮扶", "結對幫扶", "Pairing"],
  // NetworkRule
  BRANCH_COMMITTEE: ["支部委员会", "支部委員會", "Branch committee"],
  JOINT_BRANCH_SIZE: ["联合支部规模", "聯合支部規模", "Joint branch size"],
  GROUP_PLACE: ["党小组建在楼栋", "黨小組建在樓棟", "Group's place"],
  GROUP_LEADER: ["党小组的上级支部", "黨小組的上級支部", "Group's leader"],
};

const INDEX: Record<Language, 0 | 1 | 2> = { "zh-Hans": 0, "zh-Hant": 1, en: 2 };

/** The name of an enum value in the language (the value itself when it has none). */
export function labelOf(language: Language, value: string): string {
  return NAMES[value]?.[INDEX[language]] ?? value;
}

type Breach = { rule: string; measured: number; threshold: number; explanation: string };

/** What a rule breach means, in the language, from its rule and numbers (the API's English explanation otherwise). */
export function breachText(language: Language, breach: Breach, number: (value: number) => string): string {
  const m = number(breach.measured);
  const n = number(breach.threshold);
  const texts: Record<string, readonly [string, string, string]> = {
    BRANCH_COMMITTEE: [`有 ${m} 名正式党员（满 ${n} 名应设支部委员会），未选举支部委员会。`, `有 ${m} 名正式黨員（滿 ${n} 名應設支部委員會），未選舉支部委員會。`, breach.explanation],
    JOINT_BRANCH_SIZE: [`覆盖 ${m} 家单位；联合支部最多覆盖 ${n} 家。`, `覆蓋 ${m} 家單位；聯合支部最多覆蓋 ${n} 家。`, breach.explanation],
    GROUP_PLACE: ["党小组未建在任何楼栋或院落。", "黨小組未建在任何樓棟或院落。", breach.explanation],
    GROUP_LEADER: ["党小组在属地线上没有上级支部。", "黨小組在屬地線上沒有上級支部。", breach.explanation],
  };
  return texts[breach.rule]?.[INDEX[language]] ?? breach.explanation;
}
