//! The prose of a chain's reports: sections 一 and 五 drawn afresh every year
//! (no sentence of last year's is drawn again, so that two consecutive years
//! read as two reports, not one template with the numbers swapped), and the
//! sentences that state the table's quantities, rendered from the figures of
//! the year they are written in.
//!
//! A section is kept as a plan ([`Para`]s of [`Piece`]s): what was drawn,
//! with the year and the stated quantities left open, so that a report can
//! copy last year's section (the `copied-text` mistake) with only its year and
//! numbers brought up to date, as people do.

use std::collections::HashSet;

use crate::rng::Rng;

/// A piece of a paragraph.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    /// The report year: `2022年`.
    Year,
    /// The year after the report year: `2023年`.
    NextYear,
    /// The year of the statistics period (the report year unless a mistake says otherwise).
    PeriodYear,
    /// An item of an enumeration: `一是` (`bracket`: `（一）`), `n` from 0.
    Ordinal {
        n: usize,
        bracket: bool,
    },
    /// A sentence about the table's quantities, written from the year's figures.
    Narrative(Narrative),
}

/// The sentences that state table quantities, each in a phrasing (`which`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Narrative {
    /// Section 一 （二）: received, carried over, closed, disclosed, carried forward.
    Receipt(u32),
    /// Before section 三's table.
    Applications(u32),
    /// Administrative reviews and lawsuits (section 一 or before section 四's table).
    Appeals(u32),
}

pub type Para = Vec<Piece>;

/// The quantities a narrative sentence may state (see [`Figures`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qty {
    Received,
    Carried,
    Closed,
    Opened,
    Partial,
    CarryOver,
    Natural,
    Legal,
    Review,
    Litigation,
}

impl Qty {
    /// The quantities `narrative-mismatch` compares with the table.
    pub fn checked(self) -> bool {
        !matches!(self, Qty::Natural | Qty::Legal | Qty::Partial)
    }
}

/// A year's table quantities, as its tables state them (总计 column).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Figures {
    /// 一、本年新收政府信息公开申请数量.
    pub received: i64,
    /// 二、上年结转政府信息公开申请数量.
    pub carried: i64,
    /// （七）总计.
    pub closed: i64,
    /// （一）予以公开.
    pub opened: i64,
    /// （二）部分公开.
    pub partial: i64,
    /// 四、结转下年度继续办理.
    pub carry_over: i64,
    /// 一、… 自然人 / the other applicants.
    pub natural: i64,
    pub legal: i64,
    /// 行政复议 总计.
    pub review: i64,
    /// 行政诉讼 总计 (未经复议直接起诉 + 复议后起诉).
    pub litigation: i64,
    /// （六）2. 逾期未按收费通知要求缴纳费用 (2021 format; 0 before).
    pub fee_dropouts: i64,
}

impl Figures {
    pub fn get(&self, q: Qty) -> i64 {
        match q {
            Qty::Received => self.received,
            Qty::Carried => self.carried,
            Qty::Closed => self.closed,
            Qty::Opened => self.opened,
            Qty::Partial => self.partial,
            Qty::CarryOver => self.carry_over,
            Qty::Natural => self.natural,
            Qty::Legal => self.legal,
            Qty::Review => self.review,
            Qty::Litigation => self.litigation,
        }
    }
}

/// A rendered stretch of a paragraph: text, or a stated quantity.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Text(String),
    Num(Qty, i64),
}

/// What pieces are rendered with.
pub struct Ctx<'a> {
    pub year: i32,
    pub period_year: i32,
    pub org: &'a str,
    pub figures: &'a Figures,
}

struct Segs<'c, 'a> {
    out: Vec<Seg>,
    cx: &'c Ctx<'a>,
}

impl Segs<'_, '_> {
    fn t(&mut self, s: &str) {
        match self.out.last_mut() {
            Some(Seg::Text(last)) => last.push_str(s),
            _ => self.out.push(Seg::Text(s.to_string())),
        }
    }
    fn num(&mut self, q: Qty) {
        self.out.push(Seg::Num(q, self.cx.figures.get(q)));
    }
    fn year(&mut self) {
        let y = format!("{}年", self.cx.year);
        self.t(&y);
    }
    fn org(&mut self) {
        let o = self.cx.org.to_string();
        self.t(&o);
    }
}

const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// A paragraph rendered: its stretches of text and stated quantities.
pub fn render(para: &Para, cx: &Ctx) -> Vec<Seg> {
    let mut s = Segs {
        out: Vec::new(),
        cx,
    };
    for piece in para {
        match piece {
            Piece::Text(t) => s.t(t),
            Piece::Year => s.year(),
            Piece::NextYear => s.t(&format!("{}年", cx.year + 1)),
            Piece::PeriodYear => s.t(&format!("{}年", cx.period_year)),
            Piece::Ordinal { n, bracket } => {
                let c = CN[*n % CN.len()];
                if *bracket {
                    s.t(&format!("（{c}）"));
                } else {
                    s.t(&format!("{c}是"));
                }
            }
            Piece::Narrative(Narrative::Receipt(w)) => receipt(&mut s, *w),
            Piece::Narrative(Narrative::Applications(w)) => applications(&mut s, *w),
            Piece::Narrative(Narrative::Appeals(w)) => appeals(&mut s, *w),
        }
    }
    s.out
}

/// The text of rendered stretches.
pub fn text(segs: &[Seg]) -> String {
    segs.iter()
        .map(|s| match s {
            Seg::Text(t) => t.clone(),
            Seg::Num(_, n) => n.to_string(),
        })
        .collect()
}

/// `全年共收到政府信息公开申请N件，其中…；上年结转N件，已全部办结，其中予以公开N件。`
fn receipt(s: &mut Segs, which: u32) {
    let f = *s.cx.figures;
    let head = which % 3;
    let split = (which / 3) % 2 == 0;
    let closing = (which / 6) % 2;
    if f.received > 0 {
        match head {
            0 => s.t("全年共收到政府信息公开申请"),
            1 => {
                s.year();
                s.t("，共收到政府信息公开申请");
            }
            _ => {
                s.t("本年度");
                s.org();
                s.t("共收到政府信息公开申请");
            }
        }
        s.num(Qty::Received);
        s.t("件");
        if split && f.natural > 0 && f.legal > 0 {
            s.t("，其中自然人申请");
            s.num(Qty::Natural);
            s.t("件、法人或其他组织申请");
            s.num(Qty::Legal);
            s.t("件");
        } else if split && f.legal == 0 {
            s.t("，均为自然人提出");
        }
    } else if head == 1 {
        s.year();
        s.t("，未收到新的政府信息公开申请");
    } else {
        s.t("全年未收到新的政府信息公开申请");
    }
    if f.carried > 0 {
        s.t(if closing == 0 {
            "；上年结转"
        } else {
            "，上年结转"
        });
        s.num(Qty::Carried);
        s.t("件");
    }
    if f.closed + f.carry_over > 0 {
        let opened = |s: &mut Segs| {
            if f.opened > 0 {
                s.t("，其中予以公开");
                s.num(Qty::Opened);
                s.t("件");
                if f.partial > 0 && split {
                    s.t("、部分公开");
                    s.num(Qty::Partial);
                    s.t("件");
                }
            }
        };
        if f.carry_over == 0 && closing == 0 {
            s.t("，已全部办结");
            opened(s);
        } else if f.closed > 0 {
            s.t("，办结");
            s.num(Qty::Closed);
            s.t("件");
            opened(s);
        }
        if f.carry_over > 0 {
            s.t("，结转下年度继续办理");
            s.num(Qty::CarryOver);
            s.t("件");
        }
    }
    s.t("。");
}

/// Section 三's line before its table.
fn applications(s: &mut Segs, which: u32) {
    let f = *s.cx.figures;
    let tail = [
        "。具体情况如下：",
        "。收到和处理政府信息公开申请情况见下表：",
        "。详细情况如下表：",
    ][(which / 2) as usize % 3];
    if which % 2 == 1 || f.received + f.carried == 0 {
        if f.received + f.carried == 0 {
            s.year();
            s.t("，");
            s.org();
            s.t("未收到政府信息公开申请");
            s.t(tail);
        } else {
            s.t(["具体情况见下表。", "收到和处理政府信息公开申请情况如下："]
                [(which / 2) as usize % 2]);
        }
        return;
    }
    s.year();
    s.t("，");
    s.org();
    if f.received > 0 {
        s.t("收到政府信息公开申请");
        s.num(Qty::Received);
        s.t("件");
    } else {
        s.t("未收到新的政府信息公开申请");
    }
    if f.carried > 0 {
        s.t("，上年结转");
        s.num(Qty::Carried);
        s.t("件");
    }
    if f.closed > 0 {
        s.t("，办结");
        s.num(Qty::Closed);
        s.t("件");
    }
    if f.carry_over > 0 {
        s.t("，结转下年度继续办理");
        s.num(Qty::CarryOver);
        s.t("件");
    }
    s.t(tail);
}

/// `发生政府信息公开行政复议N件、行政诉讼N件`.
fn appeals(s: &mut Segs, which: u32) {
    let f = *s.cx.figures;
    if f.review + f.litigation == 0 {
        match which % 3 {
            0 => s.t("本年度未发生政府信息公开行政复议、行政诉讼案件。"),
            1 => {
                s.year();
                s.t("，");
                s.org();
                s.t("未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。");
            }
            _ => s.t("全年未发生政府信息公开行政复议、行政诉讼案件。"),
        }
        return;
    }
    match which % 3 {
        0 => s.t("本年度共发生政府信息公开行政复议"),
        1 => {
            s.year();
            s.t("，");
            s.org();
            s.t("发生政府信息公开行政复议");
        }
        _ => s.t("全年发生政府信息公开行政复议"),
    }
    s.num(Qty::Review);
    s.t("件、行政诉讼");
    s.num(Qty::Litigation);
    s.t("件");
    s.t(if which % 2 == 0 {
        "。"
    } else {
        "，均依法依规积极应对。"
    });
}

// ---------------------------------------------------------------------------
// Banks. `{Y}` is the report year, `{N}` the next year, `{org}` the issuer,
// `{p}` a platform, `{n}` `{m}` `{k}` numbers (large, medium, small). None of
// them states a table quantity, and none uses the words those sentences do
// (收到, 办结, 结转, 予以公开, 复议, 诉讼) or counts in 件.

/// Section 一's opening paragraph.
const OPENERS: &[&str] = &[
    "{Y}，{org}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》和上级关于政务公开工作的部署要求，围绕中心工作扎实推进决策、执行、管理、服务、结果公开，政府信息公开工作取得新成效。",
    "{Y}，在上级政务公开主管部门的指导下，{org}把政务公开作为建设法治政府、服务型政府的重要抓手，紧扣年度政务公开工作要点健全工作机制、规范公开行为，不断提升政务公开质量。",
    "{Y}以来，{org}严格按照《中华人民共和国政府信息公开条例》要求，坚持以公开为常态、不公开为例外，聚焦群众关切，持续深化重点领域信息公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
    "{Y}，{org}将政务公开纳入年度重点工作统筹推进，调整充实政务公开工作领导小组，明确分管领导和具体承办人员，形成了主要领导亲自抓、分管领导具体抓、业务科室协同配合的工作格局。",
    "一年来，{org}以提升群众满意度为目标，以规范化、标准化建设为主线，全面推进政务公开各项工作，公开内容更加全面，公开渠道更加畅通，公开实效明显增强。",
    "{Y}，{org}深入贯彻党中央、国务院关于全面推进政务公开工作的决策部署，对照年度工作要点逐项分解任务、压实责任，推动政务公开工作与业务工作同部署、同落实、同考核。",
    "{Y}是{org}深化政务公开标准化规范化建设的关键一年。我们紧紧围绕优化营商环境和保障改善民生，持续加大公开力度，着力提高政策透明度和公众参与度。",
    "{Y}，{org}坚持把信息公开作为密切联系群众、提升治理效能的重要途径，以制度建设为基础，以平台建设为支撑，以回应关切为重点，推动政务公开工作提质增效。",
    "过去一年，{org}认真落实上级关于政务公开工作的各项要求，结合部门职能细化工作举措，在主动公开、依申请公开、政策解读、平台建设等方面做了大量工作，群众获得感不断增强。",
    "{Y}，{org}把做好政府信息公开工作作为转变工作作风、提高服务水平的具体行动，主要负责同志多次听取政务公开工作汇报，研究解决工作中遇到的困难，为各项任务顺利完成提供了保障。",
    "{Y}，面对新形势新任务，{org}坚持稳中求进，把公开透明的要求贯穿于行政权力运行全过程，政务公开的广度和深度持续拓展，政府公信力和执行力稳步提升。",
    "{Y}，{org}牢固树立以人民为中心的发展思想，坚持公开为民、公开便民，注重用群众听得懂、看得明白的方式发布信息，让政策更好地走进群众、服务群众。",
];

/// Opening-paragraph focus items (an enumeration).
const FOCUS: &[&str] = &[
    "健全工作机制，把政务公开工作列入年度重点工作清单",
    "聚焦重点领域，及时公开群众关心的政策措施",
    "优化公开平台，提升门户网站的权威性和便捷性",
    "规范办理流程，依法保障申请人的合法权益",
    "强化政策解读，让群众看得懂、用得上",
    "加强队伍建设，提高工作人员的业务素质",
    "主动回应关切，及时发布权威信息",
    "严格保密审查，守牢信息发布安全底线",
];

/// Subsection heads of section 一 and the banks of their sentences.
const SUBHEADS: [&str; 5] = [
    "主动公开情况",
    "依申请公开情况",
    "政府信息管理情况",
    "政府信息公开平台建设情况",
    "监督保障情况",
];

const ACTIVE: &[&str] = &[
    "全年通过{p}主动公开各类政府信息{n}条，其中政策文件{s}条、工作动态{s}条。",
    "围绕“放管服”改革、优化营商环境等重点工作，及时发布行政许可、行政处罚等执法信息{m}条。",
    "持续做好财政预决算、“三公”经费等信息公开，按规定时限在门户网站公开部门预算和决算。",
    "加强政策解读，发布解读材料{n}篇，其中图解、视频、问答等形式{k}篇，做到政策文件与解读材料同步起草、同步审签、同步发布。",
    "认真做好重大行政决策预公开，对涉及群众切身利益的{k}项决策事项公开征求意见，并及时反馈意见采纳情况。",
    "及时更新机构职能、领导信息、办事指南等基础信息，确保公开内容准确完整。",
    "通过政务新媒体发布各类信息{n}条，阅读量较上年明显增加。",
    "组织开展政府开放日活动{k}次，邀请群众代表、企业代表走进机关、了解工作。",
    "围绕社会关注的热点，通过新闻发布会、在线访谈等形式回应关切{m}次。",
    "按照基层政务公开标准目录，梳理公开事项{m}项，逐项明确公开主体、公开时限和公开方式。",
    "在{p}设置“政策文件”“通知公告”“重点领域信息公开”等专栏{k}个，方便群众查阅。",
    "对涉及企业和群众办事的政策文件，第一时间在{p}发布，并同步推送至政务服务大厅。",
];

const REQUESTS: &[&str] = &[
    "严格执行依申请公开登记、审核、答复等程序，做到每一份申请都有登记、有回音。",
    "统一答复文书格式，在答复中告知申请人救济途径，答复的规范性明显提高。",
    "对申请内容不明确的，及时一次性告知申请人补正，方便申请人获取信息。",
    "畅通网络、信函、当面等申请渠道，在门户网站公布依申请公开受理机构、地址和联系电话。",
    "建立依申请公开会商机制，对疑难复杂申请组织业务科室和法律顾问共同研究，依法依规作出答复。",
    "加强与申请人的沟通，主动了解申请人的真实需求，尽量满足其获取信息的合理需要。",
    "所有申请均在法定期限内答复，未发生逾期答复的情况。",
    "定期梳理依申请公开的内容，对申请较为集中的信息及时转为主动公开。",
];

const MANAGEMENT: &[&str] = &[
    "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，确保公开信息不涉密、涉密信息不公开。",
    "按照规范性文件清理工作要求，对本机关制发的规范性文件进行全面清理，并及时公布清理结果。",
    "动态更新政府信息公开指南和公开目录，方便公众了解和查询。",
    "建立政府信息公开属性源头认定机制，在公文办理环节明确公开方式。",
    "加强政府信息公开工作台账管理，对发布、答复等环节全程留痕，实现可追溯管理。",
    "按要求向档案馆、图书馆等查阅场所报送政府公开信息，方便群众就近查阅。",
    "规范政府信息发布流程，明确各科室信息公开职责，形成分工明确、运转顺畅的管理机制。",
    "对历年公开的政府信息进行梳理，对已失效的信息作出标注或调整公开属性。",
    "健全政务舆情收集、研判和回应机制，对涉及本机关的舆情及时核实处置。",
];

const PLATFORM: &[&str] = &[
    "优化门户网站政府信息公开专栏，调整栏目设置，提升信息检索的便捷性。",
    "加强政务新媒体规范化管理，严格落实信息发布审核制度，确保发布内容准确规范。",
    "做好政务服务大厅信息公开查阅点建设，配备查阅终端和纸质资料，方便群众现场查阅。",
    "按照网站集约化建设要求，将本机关网站内容整合迁移至统一平台，实现信息资源共享。",
    "定期开展网站和政务新媒体自查，及时纠正错别字、空白栏目、链接失效等情况。",
    "依托政务服务网推进办事指南标准化，实现服务事项网上可查、可办。",
    "开通政务微信公众号留言功能，全年回复群众咨询{m}次。",
    "在门户网站设置无障碍浏览和适老化服务功能，方便老年人和残障人士获取信息。",
    "利用政务服务大厅电子屏滚动播放政策信息，扩大政策知晓面。",
];

const OVERSIGHT: &[&str] = &[
    "将政务公开工作纳入年度目标考核，定期通报工作进展，推动各项任务落实。",
    "组织开展政务公开业务培训{k}期，参训人员{n}人次，工作人员业务能力明显提升。",
    "主动接受社会监督，在门户网站公布监督电话和电子邮箱，认真听取群众意见建议。",
    "邀请人大代表、政协委员和群众代表参与政务公开工作评议，听取意见建议。",
    "建立政务公开工作责任追究制度，本年度未发生因政务公开工作引发的责任追究情况。",
    "对照上级政务公开工作考评指标逐项自查，发现的不足已全部整改到位。",
    "明确专人负责政务公开日常监测，每月开展一次网站内容检查。",
    "积极配合第三方评估，根据评估反馈意见充实公开内容。",
];

const BANKS: [&[&str]; 5] = [ACTIVE, REQUESTS, MANAGEMENT, PLATFORM, OVERSIGHT];

/// Section 五: problems (no word of improvement in them: 改进, 措施, 下一步,
/// 进一步, 加强, 完善, 整改, 将).
const PROBLEMS: &[&str] = &[
    "主动公开的深度和广度还不够，部分领域信息公开不够及时",
    "政策解读形式较为单一，图解、视频等通俗易懂的解读形式运用较少",
    "部分工作人员对《条例》的理解不够深入，业务能力与工作要求仍有差距",
    "政务新媒体更新频率不够均衡，互动性不强",
    "依申请公开答复的规范性仍有不足，个别答复文书说理不够充分",
    "公众参与政策制定的渠道和方式还不够多样",
    "基层政务公开标准化规范化建设仍有差距",
    "门户网站栏目设置不够科学，个别栏目内容更新滞后",
    "回应社会关切的主动性和时效性有待提高",
    "信息公开工作力量相对薄弱，专职人员较少",
    "政府信息管理的制度化水平不高，公开属性认定不够精准",
    "政策文件公开后的跟踪解读不够，群众知晓度不高",
    "重点领域信息公开内容不够细化，数据类信息公开偏少",
    "对政务公开工作的督促检查力度不够，考核结果运用不充分",
];

const PROBLEM_INTROS: &[&str] = &[
    "{Y}，{org}的政务公开工作虽然取得了一定成效，但与上级要求和群众期盼相比仍存在一些问题：",
    "对照新形势新要求，我们的政府信息公开工作还存在一些不足，主要是：",
    "在肯定成绩的同时，我们也清醒地认识到，政府信息公开工作仍存在一些薄弱环节：",
    "{org}政务公开工作仍存在以下问题：",
    "回顾{Y}的工作，主要存在以下不足：",
    "经自查，本机关政府信息公开工作主要存在以下问题：",
];

const MEASURES: &[&str] = &[
    "进一步加强组织领导，压实工作责任，确保各项公开任务落到实处",
    "加大业务培训力度，组织工作人员系统学习《条例》，提高依法公开能力",
    "丰富政策解读形式，多运用图表图解、音频视频等形式，增强解读实效",
    "规范依申请公开办理，严格执行答复时限，统一答复文书格式",
    "优化门户网站栏目设置，及时更新公开内容，提升网站服务能力",
    "强化监督考核，把政务公开工作纳入年度绩效考核，推动工作落实",
    "拓展公众参与渠道，健全意见征集和反馈机制，积极回应社会关切",
    "深化重点领域信息公开，细化公开内容，提高数据类信息公开比例",
    "加强政务新媒体管理，提高更新频率和互动水平",
    "推进基层政务公开标准化规范化建设，动态调整公开事项目录",
    "健全政府信息公开属性源头认定机制，做到应公开尽公开",
    "充实政务公开工作力量，配齐配强专兼职工作人员",
    "建立政策文件跟踪解读机制，提高群众对政策的知晓度",
    "完善舆情回应机制，提高回应社会关切的及时性和针对性",
];

const MEASURE_INTROS: &[&str] = &[
    "下一步，{org}将重点做好以下工作：",
    "针对上述问题，我们将采取以下改进措施：",
    "下一步，我们将在{N}从以下几个方面加以改进：",
    "为切实解决上述问题，{org}将着力抓好以下几项工作：",
    "下一步，我们将坚持问题导向，持续改进工作：",
    "今后，{org}将从以下方面改进工作：",
];

/// Last year's problems followed up (a paragraph of its own).
const FOLLOW_UPS: &[&str] = &[
    "针对上年度报告中提出的问题，{org}逐项制定整改措施，目前已基本整改到位。",
    "对上年度报告指出的不足，{org}已明确责任人和完成时限，逐项抓好整改落实。",
    "上年度报告中提出的问题已列入整改清单，整改情况在门户网站予以通报。",
    "对照上年度存在的问题，{org}持续跟踪整改，相关工作已取得阶段性成效。",
];

/// Section 二, 三, 四: a line before the table (when no narrative sentence is).
const TABLE_INTROS: &[&str] = &[
    "{Y}主动公开政府信息情况统计如下：",
    "具体情况见下表。",
    "{org}本年度相关数据如下：",
    "有关数据统计如下：",
];

/// Section 六 (2021 format): whether 信息处理费 was charged.
const FEE_STATEMENTS: &[&str] = &[
    "{Y}，{org}未收取政府信息公开信息处理费。",
    "本年度按照《政府信息公开信息处理费管理办法》规定，{org}未向申请人收取信息处理费。",
    "全年收取政府信息公开信息处理费0元。",
    "本机关本年度没有收取信息处理费的情况。",
    "{org}严格执行《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
];

/// Section 六: other matters, none of them about fees.
const OTHER_MATTERS: &[&str] = &[
    "本年度无其他需要报告的事项。",
    "{org}已按要求在门户网站公开本年度政务公开工作要点落实情况。",
    "{Y}，{org}无其他需要报告的事项。",
];

/// Section 六 (2019 format) and the 2008 reports' last section.
const SIX_2019: &[&str] = &[
    "无。",
    "本年度无其他需要报告的事项。",
    "{org}本年度无其他需要报告的事项。",
    "本机关未收取检索、复制、邮寄等费用，无其他需要报告的事项。",
];

/// Openers fit only for the revised regulation's years.
const MODERN_OPENERS: usize = 10;

/// Draws the year's prose: fresh against last year's (`prev`), recording
/// what it draws (`now`).
pub struct Plan<'a> {
    pub rng: &'a mut Rng,
    pub org: &'a str,
    pub prev: &'a HashSet<(u8, usize)>,
    pub now: HashSet<(u8, usize)>,
}

impl Plan<'_> {
    /// `k` distinct items of bank `bank` (of `len`), none drawn last year.
    fn pick(&mut self, bank: u8, len: usize, k: usize) -> Vec<usize> {
        let mut fresh: Vec<usize> = (0..len)
            .filter(|i| !self.prev.contains(&(bank, *i)))
            .collect();
        if fresh.len() < k {
            fresh = (0..len).collect();
        }
        self.rng.shuffle(&mut fresh);
        fresh.truncate(k);
        for &i in &fresh {
            self.now.insert((bank, i));
        }
        fresh
    }

    fn pick1(&mut self, bank: u8, len: usize) -> usize {
        self.pick(bank, len, 1)[0]
    }

    /// A bank's sentence as pieces, its numbers and platforms drawn now.
    pub fn fill(&mut self, pattern: &str) -> Para {
        let mut out: Para = Vec::new();
        let mut text = String::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let close = rest[open..].find('}').expect("closed placeholder") + open;
            let name = &rest[open + 1..close];
            rest = &rest[close + 1..];
            let piece = match name {
                "Y" => Some(Piece::Year),
                "N" => Some(Piece::NextYear),
                "P" => Some(Piece::PeriodYear),
                "org" => {
                    text.push_str(self.org);
                    None
                }
                "p" => {
                    let p = self.rng.pick(crate::prose::PLATFORMS);
                    text.push_str(p);
                    None
                }
                "n" => {
                    text.push_str(&self.rng.range(20, 3000).to_string());
                    None
                }
                "m" => {
                    text.push_str(&self.rng.range(3, 150).to_string());
                    None
                }
                "k" => {
                    text.push_str(&self.rng.range(2, 12).to_string());
                    None
                }
                // A small count, the parts of a whole `{n}` (at least 20): two never exceed it.
                "s" => {
                    text.push_str(&self.rng.range(1, 10).to_string());
                    None
                }
                other => panic!("unknown placeholder {other}"),
            };
            if let Some(p) = piece {
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(p);
            }
        }
        text.push_str(rest);
        if !text.is_empty() {
            out.push(Piece::Text(text));
        }
        out
    }

    fn push(&mut self, para: &mut Para, pattern: &str) {
        let pieces = self.fill(pattern);
        para.extend(pieces);
    }

    /// An enumeration `一是…；二是…；三是…。` (or `（一）…；（二）…。`) of bank items.
    fn enumerate(&mut self, para: &mut Para, items: &[&str], bracket: bool) {
        for (i, item) in items.iter().enumerate() {
            para.push(Piece::Ordinal { n: i, bracket });
            let end = if i + 1 == items.len() { "。" } else { "；" };
            self.push(para, &format!("{item}{end}"));
        }
    }

    /// The statistics period sentence and the rest of the opening paragraph.
    pub fn preamble(&mut self, government_office: Option<&str>) -> Para {
        let period = if self.rng.chance(50) {
            "统计期限为{P}1月1日至{P}12月31日"
        } else {
            "统计期限自{P}1月1日起至{P}12月31日止"
        };
        let pattern = match (government_office, self.rng.below(3)) {
            (Some(office), 0) => format!(
                "本报告由{office}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。报告中所列数据的{period}。本报告电子版可在{{org}}门户网站下载，如对本报告有疑问，请与{office}联系。"
            ),
            (_, 0 | 1) => format!(
                "根据《中华人民共和国政府信息公开条例》规定，现公布{{org}}{{Y}}度政府信息公开工作年度报告。本报告所列数据的{period}。本报告电子版可在{{org}}门户网站下载，如对本报告有疑问，请与{{org}}办公室联系。"
            ),
            _ => format!(
                "按照上级关于做好政府信息公开工作年度报告编制发布工作的要求，{{org}}编制了本报告。报告中所列数据的{period}。如对本报告有任何疑问，请与{{org}}联系。"
            ),
        };
        self.fill(&pattern)
    }

    /// Section 一 (2019 and 2021 formats): an opening paragraph, then the
    /// five subsections, （二） with the receipt sentence.
    pub fn overview(&mut self) -> Vec<Para> {
        let mut paras = Vec::new();
        let opener = self.pick1(0, OPENERS.len());
        let mut first = self.fill(OPENERS[opener]);
        if self.rng.chance(35) {
            let k = self.rng.range(3, 4) as usize;
            let items: Vec<&str> = self
                .pick(1, FOCUS.len(), k)
                .into_iter()
                .map(|i| FOCUS[i])
                .collect();
            first.push(Piece::Text("重点抓了以下几项工作：".into()));
            self.enumerate(&mut first, &items, false);
        }
        paras.push(first);
        let appeals_in = self.rng.below(3);
        for (s, head) in SUBHEADS.iter().enumerate() {
            let mut para = vec![Piece::Text(format!("（{}）{head}。", CN[s]))];
            let bank = BANKS[s];
            let k = if s == 1 {
                1
            } else {
                self.rng.range(2, 3) as usize
            };
            if s == 1 {
                para.push(Piece::Narrative(Narrative::Receipt(
                    self.rng.below(12) as u32
                )));
            }
            for i in self.pick(10 + s as u8, bank.len(), k) {
                self.push(&mut para, bank[i]);
            }
            if (s == 1 && appeals_in == 0) || (s == 4 && appeals_in == 1) {
                para.push(Piece::Narrative(Narrative::Appeals(
                    self.rng.below(6) as u32
                )));
            }
            paras.push(para);
        }
        paras
    }

    /// Section 一 of a 2008-era report: the opening paragraph only.
    pub fn overview_2008(&mut self) -> Para {
        let opener = self.pick(0, MODERN_OPENERS, 1)[0];
        self.fill(OPENERS[opener])
    }

    /// Sentences of a section-一 bank as a paragraph (2008-era sections).
    pub fn sentences(&mut self, bank: usize, k: usize) -> Para {
        let mut para = Vec::new();
        for i in self.pick(10 + bank as u8, BANKS[bank].len(), k) {
            self.push(&mut para, BANKS[bank][i]);
        }
        para
    }

    /// The line before a table: a narrative sentence, or a plain one.
    pub fn table_intro(&mut self, narrative: Option<fn(u32) -> Narrative>) -> Para {
        match narrative {
            Some(n) if self.rng.chance(80) => vec![Piece::Narrative(n(self.rng.below(6) as u32))],
            _ => {
                let i = self.rng.below(TABLE_INTROS.len());
                self.fill(TABLE_INTROS[i])
            }
        }
    }

    /// Section 五: the problems, then the improvements (and, some years, last
    /// year's problems followed up).
    pub fn problems(&mut self, follow_up: bool) -> Vec<Para> {
        let style = self.rng.below(3);
        let bracket = style == 1 && self.rng.chance(40);
        let (head1, head2) = match style {
            0 => ("（一）存在的主要问题。", "（二）改进措施。"),
            2 => ("（一）主要问题。", "（二）改进情况。"),
            _ => ("", ""),
        };
        let k = self.rng.range(2, 4) as usize;
        let problems: Vec<&str> = self
            .pick(2, PROBLEMS.len(), k)
            .into_iter()
            .map(|i| PROBLEMS[i])
            .collect();
        let intro = self.pick1(3, PROBLEM_INTROS.len());
        let mut first = vec![Piece::Text(head1.to_string())];
        self.push(&mut first, PROBLEM_INTROS[intro]);
        self.enumerate(&mut first, &problems, bracket);
        let k = self.rng.range(3, 5) as usize;
        let measures: Vec<&str> = self
            .pick(4, MEASURES.len(), k)
            .into_iter()
            .map(|i| MEASURES[i])
            .collect();
        let intro = self.pick1(5, MEASURE_INTROS.len());
        let mut second = vec![Piece::Text(head2.to_string())];
        self.push(&mut second, MEASURE_INTROS[intro]);
        self.enumerate(&mut second, &measures, bracket);
        let mut paras = vec![first, second];
        if follow_up && style == 1 && self.rng.chance(60) {
            let i = self.pick1(6, FOLLOW_UPS.len());
            paras.push(self.fill(FOLLOW_UPS[i]));
        }
        for p in &mut paras {
            p.retain(|x| *x != Piece::Text(String::new()));
        }
        paras
    }

    /// Section 六 (2021 format): the fee statement, stating the requests
    /// dropped for a fee not paid when there were any.
    pub fn six_2021(&mut self, dropouts: i64) -> Vec<Para> {
        let mut first = if dropouts > 0 {
            let paid = self.rng.range(0, 2);
            let fee = paid * self.rng.range(1, 6) * 10;
            let mut s = format!(
                "{{Y}}，{{org}}共向申请人发出收费通知{}件，因申请人逾期未按收费通知要求缴纳费用、不再处理其政府信息公开申请的{dropouts}件",
                dropouts + paid
            );
            if fee > 0 {
                s.push_str(&format!("，共收取信息处理费{fee}元。"));
            } else {
                s.push_str("，未实际收取信息处理费。");
            }
            self.fill(&s)
        } else {
            let i = self.rng.below(FEE_STATEMENTS.len());
            self.fill(FEE_STATEMENTS[i])
        };
        let mut paras = Vec::new();
        if self.rng.chance(40) {
            let i = self.rng.below(OTHER_MATTERS.len());
            if self.rng.chance(50) {
                let more = self.fill(OTHER_MATTERS[i]);
                first.extend(more);
                paras.push(first);
            } else {
                paras.push(first);
                paras.push(self.fill(OTHER_MATTERS[i]));
            }
        } else {
            paras.push(first);
        }
        paras
    }

    /// Section 六 of the 2021 format saying nothing of fees (a mistake).
    pub fn six_without_fees(&mut self) -> Vec<Para> {
        let options = ["无。", OTHER_MATTERS[0], OTHER_MATTERS[2]];
        let i = self.rng.below(options.len());
        vec![self.fill(options[i])]
    }

    /// Section 六 of the 2021 format stating the fee, not the requests dropped
    /// for a fee not paid (a mistake when there were some).
    pub fn six_fee_only(&mut self) -> Vec<Para> {
        let i = self.rng.below(FEE_STATEMENTS.len());
        vec![self.fill(FEE_STATEMENTS[i])]
    }

    /// Section 六 of the 2019 format, and the 2008 reports' last section.
    pub fn six_2019(&mut self) -> Vec<Para> {
        let i = self.rng.below(SIX_2019.len());
        vec![self.fill(SIX_2019[i])]
    }

    /// The 2008 reports' section on fees.
    pub fn fees_2008(&mut self) -> Para {
        let options = [
            "本年度未收取检索、复制、邮寄等费用，也未发生减免费用的情况。",
            "{Y}，{org}依申请提供政府信息未收取任何费用。",
            "本机关未收取政府信息公开相关费用。",
        ];
        let i = self.rng.below(options.len());
        self.fill(options[i])
    }

    /// The 2008 reports' section on reviews and lawsuits (the numbers are the table's).
    pub fn appeals_2008(&mut self) -> Para {
        let options = [
            "因政府信息公开申请行政复议、提起行政诉讼的情况详见附件统计表。",
            "有关情况见附件。",
            "相关数据见附件统计表。",
        ];
        let i = self.rng.below(options.len());
        self.fill(options[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The banks keep out of what the narrative and enumeration rules read.
    #[test]
    fn banks_state_no_quantity_and_number_nothing() {
        let banks: Vec<&[&str]> = vec![
            OPENERS,
            FOCUS,
            ACTIVE,
            REQUESTS,
            MANAGEMENT,
            PLATFORM,
            OVERSIGHT,
            PROBLEMS,
            PROBLEM_INTROS,
            MEASURES,
            MEASURE_INTROS,
            FOLLOW_UPS,
            TABLE_INTROS,
            FEE_STATEMENTS,
            OTHER_MATTERS,
            SIX_2019,
        ];
        for s in banks.into_iter().flatten() {
            for word in ["收到", "办结", "结转", "予以公开", "复议", "诉讼", "}件"] {
                assert!(!s.contains(word), "{s}: {word}");
            }
            assert!(
                !s.chars()
                    .zip(s.chars().skip(1))
                    .any(|(a, b)| a.is_ascii_digit() && b == '件'),
                "{s}"
            );
            for c in CN {
                assert!(!s.contains(&format!("{c}是")), "{s}");
                assert!(!s.contains(&format!("（{c}）")), "{s}");
            }
        }
        for s in PROBLEMS.iter().chain(PROBLEM_INTROS) {
            for word in [
                "改进",
                "措施",
                "下一步",
                "进一步",
                "加强",
                "完善",
                "整改",
                "将",
            ] {
                assert!(!s.contains(word), "{s}: {word}");
            }
        }
    }
}
