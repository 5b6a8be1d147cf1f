import type { CulturalGenre, FacilityKind, VolunteerFocus } from "../graph/vocabulary.js";
import { iso, LAST_CHANGE, spanOf, type Month } from "./calendar.js";
import { pad, placeLink, randomFor, singleName, type CommunityInfo, type OrgInfo, type SubdistrictContext } from "./context.js";
import type { SeatLink } from "./model.js";
import type { Random } from "./random.js";

/**
 * What a community offers and who sits at its table: coordination councils with dated seats of
 * resident units' and agencies' organisations, co-building agreements (some expired), volunteer
 * teams, cultural teams and the facilities of 五室三站二欄一場所 (most communities have the full set).
 */

const COUNCIL_RULES =
  "議事規則（示意）：協調議事會由社區黨組織牽頭召集，駐區單位黨組織和駐社區派出機構黨組織參加；每季度召開例會，議題由成員單位提出；議事實行民主協商，決定事項分工落實、督查反饋；堅持資源共享、優勢互補、共駐共建。";
const RESPONSIBILITIES: Readonly<Record<string, string>> = {
  學校: "節假日向居民開放操場和圖書室，組織教師黨員結對幫扶特困生。",
  醫院: "為社區老人建立健康檔案，每月義診。",
  國有企業: "提供再就業崗位，資助安置小區公共設施維修。",
  金融機構: "開展金融知識和防詐騙宣傳，資助困難家庭。",
  機關事業單位: "為失地農民提供技術和創業培訓。",
  公安: "派駐民警進駐警務室，牽頭治安聯防和失足青年幫教。",
  稅務: "開展稅收政策宣傳，落實再就業稅收優惠。",
  市場監管: "開展食品安全和消費維權宣傳。",
};
const FACILITIES: readonly (readonly [FacilityKind, string, string, number | undefined])[] = [
  ["OFFICE_SPACE", "辦公用房", "辦公用房1200平米以上", 1200],
  ["SERVICE_HALL", "集中辦公大廳", "集中辦公大廳150平米左右", 150],
  ["ROOM", "黨員活動室", "五室", 80],
  ["ROOM", "警務室", "五室", 30],
  ["ROOM", "圖書閱覽室", "五室", 60],
  ["ROOM", "人民調解室", "五室", 25],
  ["ROOM", "計生服務室", "五室", 25],
  ["STATION", "社區服務站", "三站", 40],
  ["STATION", "社區衛生服務站", "三站", 90],
  ["STATION", "勞動保障服務站", "三站", 30],
  ["BOARD", "黨務公開欄", "二欄", undefined],
  ["BOARD", "居務公開欄", "二欄", undefined],
  ["VENUE", "文化廣場", "一場所", 1500],
  ["ACTIVITY_ROOM", "老年活動室", "其他（老年活動室）", 70],
  ["ACTIVITY_ROOM", "棋牌室", "其他（棋牌室）", 40],
  ["ACTIVITY_ROOM", "書畫室", "其他（書畫室）", 40],
];
const FOCUSES: readonly VolunteerFocus[] = ["POVERTY", "STUDENTS", "ELDERLY", "EMPLOYMENT"];
const FOCUS_NAMES: Readonly<Record<VolunteerFocus, string>> = { POVERTY: "助困", STUDENTS: "助學", ELDERLY: "助老", EMPLOYMENT: "助就業" };
const GENRES: readonly (readonly [CulturalGenre, string])[] = [
  ["FITNESS", "中老年健身隊"],
  ["ARTS", "夕陽紅文藝隊"],
  ["SINGING", "周末大家唱"],
  ["WAIST_DRUM", "腰鼓隊"],
  ["CALLIGRAPHY_PAINTING", "書畫協會"],
  ["YANGKO", "秧歌隊"],
  ["CHOIR", "合唱團"],
  ["OTHER", "廣場舞隊"],
];

/** A month in [from, LAST_CHANGE], or undefined when `from` is already past it. */
function startAfter(random: Random, from: Month, spread: number): Month | undefined {
  if (from > LAST_CHANGE) return undefined;
  return Math.min(from + random.int(0, spread), LAST_CHANGE);
}

export function buildServices(context: SubdistrictContext): void {
  const random = randomFor(context, "services");
  let agreements = 0;
  for (const community of context.communities) {
    buildCouncil(context, random, community);
    for (const unit of context.units.filter((candidate) => candidate.community === community && candidate.kind === "RESIDENT_UNIT")) {
      const partners = [community, ...(random.chance(0.1) ? [random.pick(context.communities)] : [])].filter((partner, index, all) => all.indexOf(partner) === index);
      for (const partner of partners) {
        if (!random.chance(0.7)) continue;
        const from = startAfter(random, Math.max(unit.from, partner.from, 180), 48);
        if (from === undefined) continue;
        const to = random.chance(0.25) && from + 36 <= LAST_CHANGE ? from + 36 : null;
        agreements++;
        context.chunk.agreements.push({
          code: `${context.prefix}-AG${pad(agreements, 3)}`,
          names: singleName(`${unit.code}與${partner.name}共駐共建協議`, from),
          validFrom: iso(from),
          validTo: to === null ? null : iso(to),
          signedOn: iso(from),
          content: `${RESPONSIBILITIES[unit.sector] ?? "資源共享、優勢互補。"}社區提供場地和志願服務支持。`,
          unit: unit.code,
          community: partner.code,
        });
      }
    }
    buildTeams(context, random, community);
    buildFacilities(context, random, community);
  }
}

function buildCouncil(context: SubdistrictContext, random: Random, community: CommunityInfo): void {
  if (!random.chance(0.8)) return;
  const from = startAfter(random, Math.max(community.org.from, 180), 36);
  if (from === undefined) return;
  const holders: OrgInfo[] = context.units
    .filter((unit) => unit.community === community && unit.org && (unit.kind === "RESIDENT_UNIT" || unit.kind === "DISPATCHED_AGENCY" || (unit.members >= 10 && random.chance(0.4))))
    .map((unit) => unit.org!);
  const seats: SeatLink[] = [];
  for (const holder of holders) {
    const unit = context.units.find((candidate) => candidate.org === holder)!;
    const start = startAfter(random, Math.max(from, holder.from), 12);
    if (start === undefined || (holder.to !== null && start >= holder.to)) continue;
    const responsibilities = RESPONSIBILITIES[unit.sector] ?? "參與社區公益和共建活動。";
    const partTime = random.chance(0.5);
    // A seat is a term: some end after three years, and most of those are renewed.
    const end = random.chance(0.35) && start + 36 <= LAST_CHANGE && (holder.to === null || start + 36 < holder.to) ? start + 36 : holder.to;
    seats.push({ organisation: holder.code, partTime, responsibilities, ...spanOf(start, end) });
    if (end !== null && end !== holder.to && random.chance(0.6)) seats.push({ organisation: holder.code, partTime, responsibilities: `續任：${responsibilities}`, ...spanOf(end, holder.to) });
  }
  context.chunk.councils.push({
    code: `${community.code}-CNCL`,
    names: singleName(`${community.name}黨建工作協調議事會`, from),
    validFrom: iso(from),
    validTo: null,
    rules: COUNCIL_RULES,
    convenedBy: [{ organisation: community.org.code, ...spanOf(from, null) }],
    serves: placeLink(community.code, from, null),
    seats,
  });
}

function buildTeams(context: SubdistrictContext, random: Random, community: CommunityInfo): void {
  const branches = community.estates.flatMap((estate) => (estate.branch ? [estate.branch] : []));
  const teams = random.int(3, 8);
  for (let index = 0; index < teams; index++) {
    const organiser = branches.length > 0 && random.chance(0.5) ? random.pick(branches) : community.org;
    const from = startAfter(random, Math.max(organiser.from, 216), 60);
    if (from === undefined) continue;
    const focus = random.sample(FOCUSES, random.weighted([[1, 75], [2, 25]] as const)).sort((a, b) => FOCUSES.indexOf(a) - FOCUSES.indexOf(b));
    const to = random.chance(0.05) && from + 12 <= LAST_CHANGE ? random.int(from + 12, LAST_CHANGE) : null;
    context.chunk.volunteerTeams.push({
      code: `${community.code}-VT${pad(index + 1, 2)}`,
      names: singleName(`${community.name}黨員${focus.map((entry) => FOCUS_NAMES[entry]).join("")}志願服務隊`, from),
      validFrom: iso(from),
      validTo: to === null ? null : iso(to),
      focus,
      memberCount: random.int(8, 40),
      organisedBy: [{ organisation: organiser.code, ...spanOf(from, to) }],
    });
  }
  const cultural = random.int(2, 6);
  for (let index = 0; index < cultural; index++) {
    const [genre, title] = random.pick(GENRES);
    const compound = random.chance(0.3) ? random.pick(community.estates) : undefined;
    const from = startAfter(random, Math.max(community.from, compound?.from ?? 0, 180), 60);
    if (from === undefined) continue;
    context.chunk.culturalTeams.push({
      code: `${community.code}-CT${pad(index + 1, 2)}`,
      names: singleName(`${compound ? compound.names[0]!.name : community.name}${title}`, from),
      validFrom: iso(from),
      validTo: null,
      genre,
      memberCount: random.int(12, 60),
      basedIn: placeLink(compound ? compound.code : community.code, from, null),
    });
  }
}

function buildFacilities(context: SubdistrictContext, random: Random, community: CommunityInfo): void {
  const from = startAfter(random, Math.max(community.from, 192), 36);
  if (from === undefined) return;
  // Three communities in four have the full 五室三站二欄一場所 set; the others miss a few items.
  const missing = new Set(random.chance(0.75) ? [] : random.sample(FACILITIES.map((_, index) => index).slice(2), random.int(1, 4)));
  FACILITIES.forEach(([kind, title, requirement, area], index) => {
    if (missing.has(index)) return;
    context.chunk.facilities.push({
      code: `${community.code}-F${pad(index + 1, 2)}`,
      names: singleName(`${community.name}${title}`, from),
      validFrom: iso(from),
      validTo: null,
      kind,
      ...(area === undefined ? {} : { areaSqm: area + random.int(0, Math.round(area / 10)) }),
      requirement,
      facilityOf: placeLink(community.code, from, null),
    });
  });
}
