import { SEED_FILES, type FileSpec, type RelationField, type ScalarField } from "../seeding/spec.js";

/**
 * The workbook's layout, derived from the seed format's tables (src/seeding/spec.ts) so that a
 * field added there appears here (a field without a Chinese label is an error at start-up):
 *
 * - one sheet per record type (地域, 組織, …), one row per record, one column per field;
 * - a relation held over the record's whole life is one code in its column; dated links go to
 *   the type's link sheet (組織-時段), one row per link;
 * - a names history goes to 名稱沿革, one row per name;
 * - 說明 (read-me), 詞表 (the vocabularies behind the drop-downs) and 參照 (codes to refer to)
 *   are written for people and ignored on import.
 */

export type ColumnKind = "code" | "codes" | "text" | "integer" | "number" | "boolean" | "date" | "enum" | "list";

export interface Column {
  /** The seed field (`kind`, `partOf`, …); in link sheets also `field` and `target`. */
  readonly key: string;
  /** The header: the Chinese label with the field name beside it, `類型 (kind)`. */
  readonly header: string;
  readonly kind: ColumnKind;
  /** Allowed values of an enum or list column (the drop-down). */
  readonly values?: readonly string[];
  readonly required: boolean;
  readonly description: string;
}

export type SheetRole = "records" | "links" | "names";

export interface SheetLayout {
  readonly name: string;
  readonly role: SheetRole;
  /** The record type: for link sheets the owner's; absent for 名稱沿革 (any dated type). */
  readonly spec?: FileSpec;
  readonly columns: readonly Column[];
  /** Link sheets: the relations whose dated links they hold. */
  readonly relations?: readonly RelationField[];
}

/** Sheet names of the record types (by seed file). */
const SHEET_NAMES: Readonly<Record<string, string>> = {
  "places.yaml": "地域",
  "organisations.yaml": "組織",
  "units.yaml": "單位",
  "councils.yaml": "協調機構",
  "agreements.yaml": "共建協議",
  "volunteer-teams.yaml": "志願服務隊",
  "cultural-teams.yaml": "文體隊伍",
  "facilities.yaml": "設施",
  "members.yaml": "黨員",
  "beneficiaries.yaml": "受助人",
  "pairings.yaml": "結對幫扶",
  "events.yaml": "變更事件",
};

export const README_SHEET = "說明";
export const VOCABULARY_SHEET = "詞表";
export const REFERENCE_SHEET = "參照";
export const NAMES_SHEET = "名稱沿革";
/** Sheets written for people only; import skips them. */
export const INFORMATION_SHEETS: readonly string[] = [README_SHEET, VOCABULARY_SHEET, REFERENCE_SHEET];

/** Chinese labels of the seed fields (the same field name means the same thing in every file). */
const LABELS: Readonly<Record<string, string>> = {
  code: "代碼",
  name: "名稱",
  validFrom: "起始日期",
  validTo: "終止日期",
  illustrative: "示意數據",
  note: "備註",
  field: "關係",
  target: "對象代碼",
  kind: "類型",
  compoundKind: "小區類型",
  propertyManaged: "有物業管理",
  staffCount: "工作人員數",
  delegatedTaskCategories: "下沉工作類別數",
  delegatedTasks: "下沉工作項數",
  facilityInvestmentYuan: "設施投入（元）",
  partOf: "上級地域",
  form: "組織形式",
  formalMembers: "正式黨員數",
  probationaryMembers: "預備黨員數",
  committeeElected: "已選舉委員會",
  builtAt: "建在",
  ledBy: "上級黨組織",
  covers: "覆蓋單位",
  line: "領導路線",
  mode: "覆蓋方式",
  sector: "行業",
  formalPartyMembers: "正式黨員職工數",
  operating: "正在運營",
  locatedIn: "所在地域",
  workCoveredBy: "工作覆蓋組織",
  role: "角色",
  rules: "議事規則",
  convenedBy: "召集組織",
  serves: "服務地域",
  seats: "席位",
  responsibilities: "職責",
  partTime: "兼職",
  signedOn: "簽訂日期",
  content: "協議內容",
  unit: "單位",
  community: "社區",
  focus: "服務方向",
  memberCount: "成員數",
  organisedBy: "組織者",
  genre: "類別",
  basedIn: "活動地域",
  areaSqm: "面積（平方米）",
  requirement: "達標項目",
  facilityOf: "所屬地域",
  status: "黨員身份",
  employment: "就業狀況",
  hardship: "生活困難",
  inService: "在職黨員",
  memberOf: "所在黨組織",
  residesIn: "居住樓幢",
  registeredWith: "報到社區",
  employedBy: "工作單位",
  livesIn: "居住地",
  helper: "幫扶者",
  beneficiary: "受助人",
  date: "生效日期",
  source: "依據",
  originals: "原有",
  results: "結果",
};

function label(key: string): string {
  const text = LABELS[key];
  if (text === undefined) throw new Error(`src/spreadsheet/layout.ts: the seed field "${key}" has no Chinese label`);
  return text;
}

export function headerOf(key: string): string {
  return `${label(key)} (${key})`;
}

/** The field name in a header cell: `類型 (kind)` → `kind`; a bare field name or label is accepted too. */
export function keyOfHeader(text: string): string | undefined {
  const trimmed = text.trim();
  const bracketed = /[(（]\s*([A-Za-z]+)\s*[)）]\s*$/.exec(trimmed)?.[1];
  if (bracketed) return bracketed;
  if (Object.hasOwn(LABELS, trimmed)) return trimmed;
  return Object.entries(LABELS).find(([, text]) => text === trimmed)?.[0];
}

function column(key: string, kind: ColumnKind, description: string, options: { values?: readonly string[]; required?: boolean } = {}): Column {
  return { key, header: headerOf(key), kind, description, required: options.required ?? false, ...(options.values ? { values: options.values } : {}) };
}

function scalarColumn(key: string, field: ScalarField): Column {
  const required = "required" in field && field.required === true;
  switch (field.type) {
    case "enum":
      return column(key, "enum", field.description, { values: field.values, required });
    case "enumList":
      return column(key, "list", `${field.description} (several: separate with commas)`, { values: field.values });
    default:
      return column(key, field.type, field.description, { required });
  }
}

/** Relations that may be written as dated links (and so have rows in the type's link sheet). */
function linkRelations(spec: FileSpec): RelationField[] {
  return spec.relations.filter((relation) => relation.shape === "codeOrLinks" || relation.shape === "links");
}

function recordSheet(spec: FileSpec): SheetLayout {
  const columns: Column[] = [column("code", "code", "the record's code (A-Z, 0-9, - and _)", { required: true })];
  if (spec.dated) columns.push(column("name", "text", `the name (for a history of names: the current one, the history in ${NAMES_SHEET})`, { required: true }));
  for (const [key, field] of Object.entries(spec.fields)) columns.push(scalarColumn(key, field));
  if (spec.dated) {
    columns.push(column("validFrom", "date", "the day the record starts to exist", { required: true }));
    columns.push(column("validTo", "date", "the day it stops (blank: still exists)"));
  }
  for (const relation of spec.relations) {
    if (relation.shape === "links") continue;
    const where = relation.shape === "codeOrLinks" ? ` — one code for the record's whole life; dated links in ${linkSheetName(spec)}` : "";
    columns.push(column(relation.field, relation.shape === "codes" ? "codes" : "code", `${relation.description}${relation.shape === "codes" ? " (codes separated by commas)" : ""}${where}`, { required: relation.required ?? false }));
  }
  columns.push(column("illustrative", "boolean", "TRUE when the record is illustrative, not from a source"));
  columns.push(column("note", "text", "a note"));
  return { name: SHEET_NAMES[spec.file]!, role: "records", spec, columns };
}

export function linkSheetName(spec: FileSpec): string {
  return `${SHEET_NAMES[spec.file]!}-時段`;
}

function linkSheet(spec: FileSpec, relations: readonly RelationField[]): SheetLayout {
  const columns: Column[] = [
    column("code", "code", `the code of the record in ${SHEET_NAMES[spec.file]!}`, { required: true }),
    column("field", "enum", "which relation", { values: relations.map((relation) => relation.field), required: true }),
    column("target", "code", "the code the link points at", { required: true }),
  ];
  const extras = new Map<string, ScalarField>();
  for (const relation of relations) for (const [key, field] of Object.entries(relation.extras ?? {})) if (!extras.has(key)) extras.set(key, field);
  for (const [key, field] of extras) columns.push(scalarColumn(key, { ...field, required: false } as ScalarField));
  columns.push(column("validFrom", "date", "the day the link starts (blank: when the record starts)"));
  columns.push(column("validTo", "date", "the day it ends (blank: when the record ends)"));
  return { name: linkSheetName(spec), role: "links", spec, columns, relations };
}

const NAMES_LAYOUT: SheetLayout = {
  name: NAMES_SHEET,
  role: "names",
  columns: [
    column("code", "code", "the code of the record (any sheet)", { required: true }),
    column("name", "text", "a name the record had", { required: true }),
    column("validFrom", "date", "the day it took that name (the first row: the record's validFrom)", { required: true }),
  ],
};

/** Every sheet import reads, in workbook order: each record type followed by its link sheet, then 名稱沿革. */
export const DATA_SHEETS: readonly SheetLayout[] = [
  ...SEED_FILES.flatMap((spec) => {
    const relations = linkRelations(spec);
    return relations.length > 0 ? [recordSheet(spec), linkSheet(spec, relations)] : [recordSheet(spec)];
  }),
  NAMES_LAYOUT,
];

export const SHEETS_BY_NAME: ReadonlyMap<string, SheetLayout> = new Map(DATA_SHEETS.map((sheet) => [sheet.name, sheet]));
export const RECORD_SHEET_OF: ReadonlyMap<string, SheetLayout> = new Map(DATA_SHEETS.filter((sheet) => sheet.role === "records").map((sheet) => [sheet.spec!.file, sheet]));
export const LINK_SHEET_OF: ReadonlyMap<string, SheetLayout> = new Map(DATA_SHEETS.filter((sheet) => sheet.role === "links").map((sheet) => [sheet.spec!.file, sheet]));
