//! Parties: Chinese personal names, companies, public bodies and their synthetic IDs.
//!
//! Deduplication and linking are tested against names that collide the way real ones do
//! (张伟 is the most common full name in China, so different cases share it), against the
//! same person written two ways (homophones such as 张伟/章伟, 刘洋/刘阳, the suffixes
//! 有限公司/有限责任公司), and against ID numbers whose check characters are valid: a
//! 居民身份证号码 (GB 11643, ISO 7064 MOD 11-2) or a 统一社会信用代码 (GB 32100, with its
//! embedded GB 11714 organisation code). All values are random; any match with a real
//! person or company is a coincidence. Every character used here is encodable in GBK.

use chrono::{Datelike, NaiveDate};
use rand::Rng;

use super::calendar::{add_days, ymd};
use super::courts::CourtSpec;

/// What kind of party a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartyKind {
    /// 自然人
    Person,
    /// 企业 (private company)
    Company,
    /// 机关 / 村委会 / 街道 — public bodies, which are hard to enforce against
    Government,
    /// 国有企业
    StateOwned,
    /// 银行 (applicant in 金融借款/信用卡 cases)
    Bank,
}

impl PartyKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PartyKind::Person => "person",
            PartyKind::Company => "company",
            PartyKind::Government => "government",
            PartyKind::StateOwned => "state_owned",
            PartyKind::Bank => "bank",
        }
    }
}

/// One party of a case, as it truly is.
#[derive(Debug, Clone)]
pub(crate) struct Party {
    pub name: String,
    /// 身份证号 for persons, 统一社会信用代码 for organisations
    pub id_no: String,
    pub kind: PartyKind,
}

/// Surnames with relative frequencies (per mille, rounded; mainland census shape with a
/// little Zhejiang flavour).
const SURNAMES: &[(&str, u32)] = &[
    ("王", 71),
    ("李", 69),
    ("张", 67),
    ("刘", 54),
    ("陈", 55),
    ("杨", 31),
    ("黄", 22),
    ("赵", 23),
    ("吴", 22),
    ("周", 21),
    ("徐", 19),
    ("孙", 15),
    ("马", 11),
    ("朱", 13),
    ("胡", 13),
    ("郭", 11),
    ("何", 12),
    ("高", 12),
    ("林", 12),
    ("罗", 9),
    ("郑", 9),
    ("梁", 8),
    ("谢", 7),
    ("宋", 8),
    ("唐", 7),
    ("许", 6),
    ("韩", 7),
    ("冯", 6),
    ("邓", 5),
    ("曹", 5),
    ("彭", 4),
    ("曾", 4),
    ("肖", 6),
    ("田", 3),
    ("董", 6),
    ("袁", 5),
    ("潘", 4),
    ("于", 6),
    ("蒋", 5),
    ("蔡", 4),
    ("余", 3),
    ("杜", 3),
    ("叶", 4),
    ("程", 5),
    ("苏", 4),
    ("魏", 3),
    ("吕", 4),
    ("丁", 3),
    ("任", 3),
    ("沈", 5),
    ("姚", 3),
    ("卢", 4),
    ("姜", 3),
    ("崔", 2),
    ("钟", 3),
    ("谭", 2),
    ("陆", 3),
    ("汪", 3),
    ("范", 3),
    ("金", 3),
    ("石", 3),
    ("廖", 2),
    ("贾", 3),
    ("夏", 3),
    ("韦", 2),
    ("付", 2),
    ("方", 3),
    ("白", 2),
    ("邹", 2),
    ("孟", 2),
    ("熊", 2),
    ("秦", 2),
    ("邱", 2),
    ("江", 2),
    ("尹", 2),
    ("薛", 2),
    ("闫", 2),
    ("段", 2),
    ("雷", 2),
    ("侯", 2),
    ("龙", 2),
    ("史", 2),
    ("陶", 2),
    ("黎", 2),
    ("贺", 2),
    ("顾", 2),
    ("毛", 2),
    ("郝", 2),
    ("龚", 2),
    ("邵", 2),
    ("万", 2),
    ("钱", 2),
    ("严", 2),
    ("覃", 1),
    ("武", 2),
    ("戴", 2),
    ("莫", 1),
    ("孔", 1),
    ("向", 1),
    ("汤", 1),
    ("俞", 2),
    ("章", 2),
    ("柳", 1),
    ("伍", 1),
    ("欧阳", 1),
    ("诸葛", 1),
];

const MALE_FIRST: &[&str] = &[
    "建", "国", "志", "文", "永", "德", "明", "海", "春", "金", "立", "晓", "小", "俊", "子", "家",
    "宏", "伟", "新", "成", "云", "正", "学", "振", "利", "光", "卫", "长", "红", "世",
];
const MALE_LAST: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "林", "峰", "亮", "东", "兵", "洋", "龙", "军",
    "国", "新", "荣", "良", "生", "根", "忠", "祥",
];
const FEMALE_FIRST: &[&str] = &[
    "秀", "丽", "美", "玉", "桂", "晓", "小", "春", "海", "雪", "静", "慧", "彩", "佳", "梦", "雅",
    "亚", "红", "金", "月",
];
const FEMALE_LAST: &[&str] = &[
    "芳", "娟", "敏", "静", "丽", "艳", "娜", "霞", "英", "玲", "燕", "红", "梅", "琳", "婷", "雪",
    "慧", "莉", "倩", "颖", "洁", "晶", "丹", "萍", "兰", "凤", "琴", "云", "华", "珍",
];

/// Homophones and near-homophones a clerk might type instead (pinyin input picks the
/// wrong candidate). Both sides are real name characters, so variants stay plausible.
const HOMOPHONES: &[(&str, &str)] = &[
    ("张", "章"),
    ("王", "汪"),
    ("刘", "柳"),
    ("李", "黎"),
    ("吴", "伍"),
    ("徐", "许"),
    ("杨", "阳"),
    ("陈", "程"),
    ("周", "邹"),
    ("何", "贺"),
    ("伟", "玮"),
    ("洋", "阳"),
    ("静", "婧"),
    ("军", "君"),
    ("明", "铭"),
    ("丽", "莉"),
    ("芳", "方"),
    ("杰", "洁"),
    ("勇", "永"),
    ("磊", "蕾"),
    ("涛", "滔"),
    ("平", "萍"),
    ("红", "宏"),
    ("燕", "艳"),
    ("斌", "彬"),
    ("辉", "晖"),
    ("鹏", "朋"),
    ("飞", "菲"),
    ("波", "博"),
    ("建", "健"),
    ("华", "桦"),
    ("峰", "锋"),
    ("林", "琳"),
    ("琴", "芹"),
    ("英", "瑛"),
];

/// Area codes (first six digits of an ID) of places whose people work in Zhejiang:
/// the court's own county first, then common places of origin of migrant workers.
const OTHER_AREAS: &[&str] = &[
    "330102", "330106", "330281", "330302", "330381", "330402", "330502", "330782", "331002",
    "341221", "341282", "342401", "340823", "362426", "362330", "360321", "411323", "412726",
    "413026", "522422", "522127", "510922", "511621", "513922", "430524", "431225", "452123",
    "421182", "370826", "320322",
];

/// Weighted pick from a `(value, weight)` table.
pub(crate) fn pick_weighted<'a, R: Rng>(rng: &mut R, table: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = table.iter().map(|(_, w)| *w).sum();
    let mut x = rng.gen_range(0..total.max(1));
    for (v, w) in table {
        if x < *w {
            return v;
        }
        x -= *w;
    }
    table.first().map(|(v, _)| *v).unwrap_or("")
}

/// Uniform pick from a slice (empty slice → "").
pub(crate) fn pick<'a, R: Rng>(rng: &mut R, table: &[&'a str]) -> &'a str {
    if table.is_empty() {
        return "";
    }
    table[rng.gen_range(0..table.len())]
}

/// A personal name and sex (true = male).
pub(crate) fn person_name<R: Rng>(rng: &mut R) -> (String, bool) {
    let male = rng.gen_bool(0.62); // debtors and wage claimants are mostly men
    let surname = pick_weighted(rng, SURNAMES);
    let (first, last) = if male {
        (MALE_FIRST, MALE_LAST)
    } else {
        (FEMALE_FIRST, FEMALE_LAST)
    };
    let mut name = String::with_capacity(9);
    name.push_str(surname);
    if rng.gen_bool(0.3) {
        // single-character given names are what make 张伟 and 王芳 so common
        name.push_str(pick(rng, last));
    } else {
        name.push_str(pick(rng, first));
        name.push_str(pick(rng, last));
    }
    (name, male)
}

/// ISO 7064 MOD 11-2 check character of the first 17 digits of a 居民身份证号码.
pub(crate) fn id_check_char(first17: &str) -> Option<char> {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const MAP: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(W) {
        sum += c.to_digit(10)? * w;
    }
    Some(MAP[(sum % 11) as usize])
}

/// A synthetic 18-digit ID number: area, birth date, sequence (odd for men), check.
pub(crate) fn id_number<R: Rng>(rng: &mut R, area: &str, birth: NaiveDate, male: bool) -> String {
    let mut seq: u32 = rng.gen_range(0..500) * 2;
    if male {
        seq += 1;
    }
    let first17 = format!(
        "{area}{:04}{:02}{:02}{seq:03}",
        birth.year(),
        birth.month(),
        birth.day()
    );
    let check = id_check_char(&first17).unwrap_or('0');
    let mut s = first17;
    s.push(check);
    s
}

/// Value of a character in organisation and credit codes (0-9, A=10 … Z=35).
fn code_value(c: char) -> Option<u32> {
    c.to_digit(36)
}

/// GB 11714 check character of an 8-character organisation code.
pub(crate) fn org_code_check(first8: &str) -> Option<char> {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    if first8.chars().count() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first8.chars().zip(W) {
        sum += code_value(c)? * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        v => char::from_digit(v, 10)?,
    })
}

/// The 31 characters of a 统一社会信用代码 (no I, O, S, V, Z).
const USCC_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100 check character of the first 17 characters of a 统一社会信用代码.
pub(crate) fn uscc_check(first17: &str) -> Option<char> {
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(W) {
        let v = USCC_CHARS.iter().position(|&b| b as char == c)? as u32;
        sum += v * w;
    }
    let v = (31 - sum % 31) % 31;
    Some(USCC_CHARS[v as usize] as char)
}

/// A synthetic 统一社会信用代码 with a valid embedded organisation code and check.
/// `authority_kind` is the two leading characters: `91` enterprise, `11` government
/// body, `N2` village collective (GB 32100 registration-authority and type codes).
pub(crate) fn uscc<R: Rng>(rng: &mut R, authority_kind: &str, area: &str) -> String {
    let mut org = String::with_capacity(9);
    for _ in 0..8 {
        // organisation codes are mostly digits; since 2015 some start with letters
        let c = if org.is_empty() && rng.gen_bool(0.3) {
            [b'M', b'N', b'P'][rng.gen_range(0..3)] as char
        } else {
            (b'0' + rng.gen_range(0..10u8)) as char
        };
        org.push(c);
    }
    let oc = org_code_check(&org).unwrap_or('0');
    org.push(oc);
    let first17 = format!("{authority_kind}{area}{org}");
    let check = uscc_check(&first17).unwrap_or('0');
    let mut s = first17;
    s.push(check);
    s
}

/// A person party filed in `year`, born 18–75 years earlier, mostly from the court's area.
pub(crate) fn person<R: Rng>(rng: &mut R, court: &CourtSpec, year: i32) -> Party {
    let (name, male) = person_name(rng);
    let age = rng.gen_range(20..72);
    let birth = add_days(ymd(year - age, 1, 1), rng.gen_range(0..365));
    let area = if rng.gen_bool(0.65) {
        court.area
    } else {
        pick(rng, OTHER_AREAS)
    };
    Party {
        id_no: id_number(rng, area, birth, male),
        name,
        kind: PartyKind::Person,
    }
}

const BRAND: &[&str] = &[
    "华", "宏", "恒", "鑫", "盛", "达", "永", "兴", "瑞", "丰", "源", "泰", "祥", "海", "天", "新",
    "金", "博", "安", "佳", "利", "隆", "昌", "富", "力", "远", "通", "嘉", "诚", "信", "德", "建",
    "中", "美", "荣", "亿", "润", "晨", "汇", "越", "锦", "凯", "腾", "宇", "欣", "邦", "辰", "顺",
];
const INDUSTRY: &[&str] = &[
    "纺织",
    "印染",
    "贸易",
    "机械",
    "服饰",
    "化纤",
    "电子",
    "物流",
    "家纺",
    "商贸",
    "实业",
    "五金",
    "网络科技",
    "餐饮管理",
    "房地产开发",
    "汽车销售",
    "建材",
    "塑胶",
    "针织",
    "环保科技",
];
const CONSTRUCTION: &[&str] = &[
    "建筑工程",
    "建设",
    "建设工程",
    "装饰工程",
    "市政工程",
    "劳务",
    "钢结构工程",
    "园林绿化工程",
];

/// A private company. `construction` picks a builder (建设工程/劳务 cases).
pub(crate) fn company<R: Rng>(rng: &mut R, court: &CourtSpec, construction: bool) -> Party {
    let mut name = String::new();
    match rng.gen_range(0..10) {
        0..=3 => name.push_str(court.city),
        4..=6 => {
            name.push_str(court.city);
            name.push_str(court.county);
        }
        7 => name.push_str("浙江"),
        _ => {}
    }
    name.push_str(pick(rng, BRAND));
    name.push_str(pick(rng, BRAND));
    let industry = if construction {
        pick(rng, CONSTRUCTION)
    } else {
        pick(rng, INDUSTRY)
    };
    name.push_str(industry);
    let suffix = match rng.gen_range(0..100) {
        0..=79 => "有限公司",
        80..=89 => "有限责任公司",
        90..=94 => "股份有限公司",
        _ if !construction => "厂",
        _ => "有限公司",
    };
    name.push_str(suffix);
    if name.ends_with("厂") && !name.starts_with(court.city) {
        // a workshop is named after its place
        name = format!("{}{}", court.county, name);
    }
    Party {
        id_no: uscc(rng, "91", court.area),
        name,
        kind: PartyKind::Company,
    }
}

const TOWNS: &[&str] = &[
    "城东", "城南", "城西", "城北", "新塘", "安平", "东湖", "西山", "南岸", "青石", "白沙", "枫桥",
    "长乐", "柳溪", "松林", "平水", "马鞍", "钱清",
];

/// A public body as debtor (镇政府, 街道办事处, 村委会, 区局).
pub(crate) fn government<R: Rng>(rng: &mut R, court: &CourtSpec) -> Party {
    let town = pick(rng, TOWNS);
    let (name, kind) = match rng.gen_range(0..10) {
        0..=2 => (
            format!("{}{}{}镇人民政府", court.city, court.county, town),
            "11",
        ),
        3..=4 => (
            format!("{}{}{}街道办事处", court.city, court.county, town),
            "11",
        ),
        5..=7 => (
            format!(
                "{}{}{}镇{}村股份经济合作社",
                court.city,
                court.county,
                town,
                pick(rng, BRAND)
            ),
            "N2",
        ),
        8 => (
            format!("{}{}住房和城乡建设局", court.city, court.county),
            "11",
        ),
        _ => (format!("{}{}教育体育局", court.city, court.county), "11"),
    };
    Party {
        id_no: uscc(rng, kind, court.area),
        name,
        kind: PartyKind::Government,
    }
}

/// A state-owned enterprise as debtor.
pub(crate) fn state_owned<R: Rng>(rng: &mut R, court: &CourtSpec) -> Party {
    let name = match rng.gen_range(0..5) {
        0 => format!("{}{}城市建设投资开发集团有限公司", court.city, court.county),
        1 => format!("{}{}国有资产投资经营有限公司", court.city, court.county),
        2 => format!("{}{}交通投资集团有限公司", court.city, court.county),
        3 => format!("{}{}水务集团有限公司", court.city, court.county),
        _ => format!("{}{}城乡建设发展有限公司", court.city, court.county),
    };
    Party {
        id_no: uscc(rng, "91", court.area),
        name,
        kind: PartyKind::StateOwned,
    }
}

/// A bank branch as applicant (金融借款 / 信用卡 cases); `card` picks a card centre.
pub(crate) fn bank<R: Rng>(rng: &mut R, court: &CourtSpec, card: bool) -> Party {
    let name = if card {
        pick(
            rng,
            &[
                "招商银行股份有限公司信用卡中心",
                "中信银行股份有限公司信用卡中心",
                "交通银行股份有限公司太平洋信用卡中心",
                "广发银行股份有限公司信用卡中心",
                "平安银行股份有限公司信用卡中心",
            ],
        )
        .to_string()
    } else {
        let city = court.city.trim_end_matches('市');
        let county = court.county.trim_end_matches(['区', '县', '市']);
        match rng.gen_range(0..6) {
            0 => format!("中国工商银行股份有限公司{city}{county}支行"),
            1 => format!("中国农业银行股份有限公司{city}{county}支行"),
            2 => format!("中国建设银行股份有限公司{city}分行"),
            3 => format!("中国银行股份有限公司{city}{county}支行"),
            4 => format!("浙江{city}{county}农村商业银行股份有限公司"),
            _ => format!("中国邮政储蓄银行股份有限公司{city}市分行"),
        }
    };
    Party {
        id_no: uscc(rng, "91", court.area),
        name,
        kind: PartyKind::Bank,
    }
}

/// A government applicant in a 非诉执行 case (the body that made the decision).
pub(crate) fn agency<R: Rng>(rng: &mut R, court: &CourtSpec) -> (Party, &'static str) {
    const AGENCIES: &[(&str, &str)] = &[
        ("自然资源和规划局", "自然资罚"),
        ("综合行政执法局", "综执罚决"),
        ("人力资源和社会保障局", "人社监罚"),
        ("市场监督管理局", "市监罚处"),
        ("应急管理局", "应急罚"),
        ("医疗保障局", "医保罚"),
    ];
    let (body, abbr) = AGENCIES[rng.gen_range(0..AGENCIES.len())];
    let name = format!("{}{}{}", court.city, court.county, body);
    (
        Party {
            id_no: uscc(rng, "11", court.area),
            name,
            kind: PartyKind::Government,
        },
        abbr,
    )
}

/// A homophone variant of a personal name (one character replaced), if it has one.
pub(crate) fn homophone_variant<R: Rng>(rng: &mut R, name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut spots = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        let mut buf = [0u8; 4];
        let s: &str = c.encode_utf8(&mut buf);
        for (a, b) in HOMOPHONES {
            if *a == s {
                spots.push((i, *b));
            } else if *b == s {
                spots.push((i, *a));
            }
        }
    }
    if spots.is_empty() {
        return None;
    }
    let (i, repl) = spots[rng.gen_range(0..spots.len())];
    let mut out = String::with_capacity(name.len());
    for (k, c) in chars.iter().enumerate() {
        if k == i {
            out.push_str(repl);
        } else {
            out.push(*c);
        }
    }
    Some(out)
}

/// A clerk's variant of an organisation's name: the suffix or place prefix changed.
pub(crate) fn org_variant<R: Rng>(rng: &mut R, name: &str, court: &CourtSpec) -> Option<String> {
    let options: [Option<String>; 3] = [
        name.strip_suffix("有限责任公司")
            .map(|s| format!("{s}有限公司"))
            .or_else(|| {
                name.strip_suffix("股份有限公司")
                    .is_none()
                    .then(|| {
                        name.strip_suffix("有限公司")
                            .map(|s| format!("{s}有限责任公司"))
                    })
                    .flatten()
            }),
        name.strip_prefix(court.city).map(|s| s.to_string()),
        name.strip_prefix(court.city)
            .map(|s| format!("{}（{}）{}", "", court.city.trim_end_matches('市'), s)),
    ];
    let live: Vec<&String> = options.iter().flatten().filter(|s| !s.is_empty()).collect();
    if live.is_empty() {
        return None;
    }
    Some(live[rng.gen_range(0..live.len())].clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::courts::court_specs;
    use crate::generate::rng::{case_rng, Stream};

    #[test]
    fn id_check_digit_known_values() {
        // GB 11643 worked example
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert_eq!(id_check_char("44052418800101001"), Some('4'));
    }

    #[test]
    fn generated_ids_validate() {
        let court = &court_specs()[0];
        let mut rng = case_rng(1, 1, Stream::Content);
        for _ in 0..1000 {
            let p = person(&mut rng, court, 2020);
            assert_eq!(p.id_no.len(), 18);
            let check = id_check_char(&p.id_no[..17]);
            assert_eq!(check, p.id_no.chars().last());
            let c = company(&mut rng, court, false);
            assert_eq!(c.id_no.len(), 18);
            assert_eq!(uscc_check(&c.id_no[..17]), c.id_no.chars().last());
            assert_eq!(
                org_code_check(&c.id_no[8..16]),
                c.id_no[16..17].chars().next()
            );
        }
    }

    #[test]
    fn uscc_known_value() {
        // a published code: 91350100M000100Y43
        assert_eq!(uscc_check("91350100M000100Y4"), Some('3'));
    }

    #[test]
    fn homophones_change_one_character() {
        let mut rng = case_rng(1, 2, Stream::Content);
        let v = homophone_variant(&mut rng, "张伟").unwrap_or_default();
        assert!(v == "章伟" || v == "张玮", "{v}");
        assert_eq!(homophone_variant(&mut rng, "乔乔"), None);
    }
}
