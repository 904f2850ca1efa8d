//! The prose between the tables: titles, section headings, varied paragraphs
//! in the register of real reports, issuers and dates.

use super::rng::Rng;

/// Places, for issuers.
pub(crate) const PLACES: &[&str] = &[
    "临沂", "资阳", "泉州", "昭通", "兖州", "济宁", "绵阳", "宜宾", "赣州", "南平", "曲靖", "德阳",
    "聊城", "漳州", "遂宁", "玉溪", "潍坊", "九江", "常德", "衡阳", "丽水", "湖州", "铜仁", "安顺",
];
pub(crate) const LEVELS: &[&str] = &["市", "县", "区"];
/// Departments; `政府` endings are people's governments (their deadline differs).
pub(crate) const DEPARTMENTS: &[&str] = &[
    "行政审批服务局",
    "政务服务管理局",
    "城市管理行政执法局",
    "自然资源和规划局",
    "生态环境局",
    "市场监督管理局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "卫生健康委员会",
    "教育局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "文化和旅游局",
    "应急管理局",
    "医疗保障局",
    "统计局",
    "水利局",
    "商务局",
    "人民政府办公室",
    "行政服务中心管委会",
];

/// An issuer: (name, is a people's government's own report).
pub fn issuer(rng: &mut Rng) -> (String, bool) {
    let place = rng.pick(PLACES);
    let level = rng.pick(LEVELS);
    if rng.chance(12) {
        (format!("{place}{level}人民政府"), true)
    } else {
        (format!("{place}{level}{}", rng.pick(DEPARTMENTS)), false)
    }
}

/// The 2008-era free-form report's headings (no required sections then).
pub const HEADINGS_2008: &[&str] = &[
    "一、概述",
    "二、主动公开政府信息情况",
    "三、依申请公开政府信息情况",
    "四、政府信息公开的收费及减免情况",
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "六、存在的主要问题及改进措施",
    "七、其他需要报告的事项",
];

/// How the year reads in running text: `2021年`, or `本年` when the report must
/// not state its year (the unknown-year mistake).
#[derive(Clone, Copy, Debug)]
pub struct Year(pub Option<i32>);

impl Year {
    fn at(self, rng: &mut Rng) -> String {
        match self.0 {
            Some(y) => format!("{y}年"),
            None => rng.pick(&["本年", "今年", "本年度", "年内"]).to_string(),
        }
    }
}

const OPENERS: &[&str] = &[
    "{y}，",
    "{y}以来，",
    "一年来，",
    "本年度，",
    "过去一年，",
    "对照年度工作要点，",
    "按照上级部署，",
    "在上级主管部门的指导下，",
    "围绕中心工作，",
    "立足部门职能，",
];
const SUBJECTS: &[&str] = &[
    "{org}",
    "我局",
    "本机关",
    "{org}党组",
    "局领导班子",
    "各科室",
    "政务公开领导小组",
    "局办公室",
];
const ACTIONS: &[&str] = &[
    "认真贯彻落实《中华人民共和国政府信息公开条例》",
    "坚持以公开为常态、不公开为例外",
    "进一步健全政务公开工作机制",
    "把政务公开工作纳入年度目标考核",
    "持续深化重点领域信息公开",
    "严格落实信息发布保密审查制度",
    "不断拓展政务公开渠道",
    "主动回应社会关切",
    "加强政策文件解读工作",
    "推进决策、执行、管理、服务、结果公开",
    "规范依申请公开办理流程",
    "完善政府信息公开指南和目录",
    "加强政务新媒体管理",
    "扎实开展政务公开培训",
    "推动政务服务事项全流程公开",
    "优化门户网站信息公开专栏",
];
const MEANS: &[&str] = &[
    "明确分管领导和专人负责，",
    "通过召开专题会议研究部署，",
    "依托门户网站和政务新媒体，",
    "结合“放管服”改革，",
    "按照“谁公开谁审查、谁审查谁负责”的原则，",
    "对照考核指标逐项梳理，",
    "以群众需求为导向，",
    "通过线上线下相结合的方式，",
    "",
];
const RESULTS: &[&str] = &[
    "政务公开工作的规范化、标准化水平不断提高",
    "公开内容更加全面、及时、准确",
    "群众的知情权、参与权和监督权得到有效保障",
    "政府工作透明度进一步提升",
    "为优化营商环境提供了有力支撑",
    "各项工作任务均按时完成",
    "社会公众满意度持续提高",
    "形成了上下联动、齐抓共管的工作格局",
    "信息公开质量和实效明显增强",
];
pub(crate) const PLATFORMS: &[&str] = &[
    "门户网站",
    "政务微博",
    "微信公众号",
    "政务服务网",
    "今日头条号",
    "政务服务大厅电子屏",
    "政府公报",
    "新闻发布会",
];
const NUMBERED: &[&str] = &[
    "全年通过{p}发布各类信息{n}条，其中政策文件{k}条",
    "共召开政务公开工作会议{k}次，举办业务培训{k}期，参训人员{n}人次",
    "办理人大代表建议和政协委员提案{m}件，按时办结率100%",
    "在{p}开设专栏{k}个，更新栏目信息{n}条",
    "发布政策解读材料{n}篇，其中图解、视频等形式{k}篇",
    "受理群众咨询{n}次，均在规定时限内答复",
    "通过{p}回应社会关切{m}次，及时澄清不实信息",
    "向市档案馆、图书馆报送纸质文件{m}份、电子文件{n}件",
];
const SUBHEADS_1: &[&str] = &[
    "主动公开情况",
    "依申请公开情况",
    "政府信息管理情况",
    "政府信息公开平台建设情况",
    "监督保障情况",
    "重点领域信息公开情况",
    "政策解读和回应关切情况",
    "组织领导和制度建设情况",
];
const PROBLEMS: &[&str] = &[
    "公开内容的及时性、全面性还有待提高",
    "政策解读形式还不够丰富，图解、视频等形式运用较少",
    "工作人员业务能力有待进一步提升",
    "政务新媒体更新频率不够均衡",
    "依申请公开答复的规范性仍需加强",
    "公众参与的渠道和方式还不够多样",
    "基层政务公开标准化规范化建设仍有差距",
];
const MEASURES: &[&str] = &[
    "进一步加强组织领导，压实工作责任",
    "进一步加大培训力度，提升业务水平",
    "进一步丰富解读形式，增强解读实效",
    "进一步规范依申请公开办理，严格答复时限和文书格式",
    "进一步完善门户网站栏目，及时更新公开内容",
    "进一步强化监督考核，推动工作落实",
    "进一步拓展公众参与渠道，积极回应社会关切",
];
const ORDINALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八"];

/// Writes running text for one report.
pub struct Writer<'a> {
    pub rng: &'a mut Rng,
    pub org: &'a str,
    pub year: Year,
}

impl Writer<'_> {
    fn fill(&mut self, pattern: &str) -> String {
        let mut out = pattern.replace("{org}", self.org);
        while out.contains("{y}") {
            let y = self.year.at(self.rng);
            out = out.replacen("{y}", &y, 1);
        }
        while out.contains("{p}") {
            let p = self.rng.pick(PLATFORMS).to_string();
            out = out.replacen("{p}", &p, 1);
        }
        while out.contains("{n}") {
            let n = self.rng.range(20, 3000).to_string();
            out = out.replacen("{n}", &n, 1);
        }
        while out.contains("{m}") {
            let m = self.rng.range(1, 120).to_string();
            out = out.replacen("{m}", &m, 1);
        }
        while out.contains("{k}") {
            let k = self.rng.range(1, 12).to_string();
            out = out.replacen("{k}", &k, 1);
        }
        out
    }

    /// One sentence, ending in 。
    pub fn sentence(&mut self) -> String {
        let pattern = if self.rng.chance(30) {
            format!("{}。", self.rng.pick(NUMBERED))
        } else {
            format!(
                "{}{}{}{}，{}。",
                self.rng.pick(OPENERS),
                self.rng.pick(SUBJECTS),
                self.rng.pick(MEANS),
                self.rng.pick(ACTIONS),
                self.rng.pick(RESULTS)
            )
        };
        self.fill(&pattern)
    }

    /// A paragraph of `n` sentences (at most eight), some as 一是…二是… enumerations.
    pub fn paragraph(&mut self, n: usize) -> String {
        let mut out = String::new();
        if self.rng.chance(40) {
            out.push_str(&self.sentence());
            for (i, ordinal) in ORDINALS.iter().take(n).enumerate() {
                let item = format!(
                    "{ordinal}是{}{}，{}{}",
                    self.rng.pick(MEANS),
                    self.rng.pick(ACTIONS),
                    self.rng.pick(RESULTS),
                    if i + 1 == n { "。" } else { "；" }
                );
                out.push_str(&item);
            }
        } else {
            for _ in 0..n {
                out.push_str(&self.sentence());
            }
        }
        out
    }

    /// A sub-heading paragraph of section 一: `（二）依申请公开情况。…`.
    pub fn subsection(&mut self, i: usize) -> String {
        let head = self.rng.pick(SUBHEADS_1);
        let n = self.rng.below(4) + 3;
        let body = self.paragraph(n);
        format!("（{}）{head}。{body}", ORDINALS[i % ORDINALS.len()])
    }

    /// The opening paragraph, before section 一.
    pub fn preamble(&mut self) -> String {
        let pattern = *self.rng.pick(&[
            "根据《中华人民共和国政府信息公开条例》规定，现公布{org}{y}度政府信息公开工作年度报告。本报告所列数据的统计期限自{y}1月1日起至12月31日止。本报告电子版可在{org}{p}下载，如对本报告有疑问，请与{org}办公室联系。",
            "本报告根据《中华人民共和国政府信息公开条例》要求编制，由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。",
            "按照上级关于做好政府信息公开工作年度报告编制发布工作的通知要求，结合本单位实际，现将{org}{y}度政府信息公开工作情况报告如下。",
        ]);
        self.fill(pattern)
    }

    /// Section 五's text: problems, then measures.
    pub fn problems(&mut self) -> Vec<String> {
        let mut problems: Vec<&str> = PROBLEMS.to_vec();
        self.rng.shuffle(&mut problems);
        let k = self.rng.below(3) + 2;
        let mut first = String::from("（一）存在的主要问题。");
        first.push_str(&self.fill(
            "{y}，我们的政府信息公开工作取得了一定成效，但与上级要求和群众期盼相比仍有差距：",
        ));
        for (i, p) in problems[..k].iter().enumerate() {
            first.push_str(&format!("{}是{p}", ORDINALS[i]));
            first.push(if i + 1 == k { '。' } else { '；' });
        }
        let mut measures: Vec<&str> = MEASURES.to_vec();
        self.rng.shuffle(&mut measures);
        let k = self.rng.below(3) + 3;
        let mut second = String::from("（二）改进措施。下一步，我们将重点做好以下工作：");
        for (i, m) in measures[..k].iter().enumerate() {
            second.push_str(&format!("{}是{m}", ORDINALS[i]));
            second.push(if i + 1 == k { '。' } else { '；' });
        }
        second.push_str(&self.sentence());
        vec![first, second]
    }

    /// Section 六's text; `fees`: the format asks it to state the information processing fees
    /// (2021), so it never says just `无。`, and speaks of the requests dropped for a fee not
    /// paid (`dropouts`, section 三's （六）2) when there are any.
    pub fn other_matters(&mut self, fees: bool, dropouts: i64) -> String {
        let pattern = *self.rng.pick(&[
            if fees {
                "本机关本年度未收取信息处理费。"
            } else {
                "无。"
            },
            "本年度未收取信息处理费。",
            "{y}，{org}未发生收取信息处理费的情况，无其他需要报告的事项。",
            "按照《政府信息公开信息处理费管理办法》规定，本机关{y}未收取信息处理费。",
        ]);
        let text = self.fill(pattern);
        if fees && dropouts > 0 {
            // Without a draw of its own: the rest of the report is as it was.
            let y = self
                .year
                .0
                .map_or("本年度".to_string(), |y| format!("{y}年"));
            return format!(
                "{y}，因申请人逾期未按收费通知要求缴纳费用、不再处理的政府信息公开申请{dropouts}件，未收取信息处理费。"
            );
        }
        text
    }

    /// A short line introducing a table.
    pub fn table_intro(&mut self) -> String {
        let pattern = *self.rng.pick(&[
            "{y}主动公开政府信息情况统计如下。",
            "具体情况见下表。",
            "{org}本年度相关数据如下。",
            "有关数据统计如下。",
        ]);
        self.fill(pattern)
    }
}

/// A date written the way reports close: `2022年1月18日`.
pub fn date(year: i32, month: u32, day: u32) -> String {
    format!("{year}年{month}月{day}日")
}
