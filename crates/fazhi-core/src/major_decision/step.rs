//! The steps of a major decision in the order the 条例 sets them.
use serde::Serialize;

/// One step of the procedure (条例 chapters 二–四). The order of `ALL` is the
/// statutory order; the last three follow publication and may repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 决策启动：确定承办单位 (art.11).
    Launch,
    /// 拟定决策草案 (arts.12–13).
    Drafting,
    /// 公众参与：公开征求意见 (arts.14–15).
    PublicComment,
    /// 听证 (arts.16–18), when one is held.
    Hearing,
    /// 专家论证 (arts.19–21), for technical matters.
    ExpertArgument,
    /// 风险评估 (arts.22–24), when stability or safety is at stake.
    RiskAssessment,
    /// 合法性审查 (arts.25–28): mandatory.
    LegalityReview,
    /// 向党委请示报告 (art.31).
    PartyReport,
    /// 集体讨论决定 (arts.29–30): at a meeting.
    CollectiveDiscussion,
    /// 作出决策 (art.30).
    Decision,
    /// 决策公布 (art.32).
    Publication,
    /// 决策执行情况报告 (arts.34–35).
    ExecutionReport,
    /// 决策后评估 (art.36).
    PostEvaluation,
    /// 决策调整：修订、暂缓执行、停止执行 (arts.35, 37).
    Adjustment,
}

impl Step {
    pub const ALL: [Step; 14] = [
        Step::Launch,
        Step::Drafting,
        Step::PublicComment,
        Step::Hearing,
        Step::ExpertArgument,
        Step::RiskAssessment,
        Step::LegalityReview,
        Step::PartyReport,
        Step::CollectiveDiscussion,
        Step::Decision,
        Step::Publication,
        Step::ExecutionReport,
        Step::PostEvaluation,
        Step::Adjustment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Launch => "launch",
            Step::Drafting => "drafting",
            Step::PublicComment => "public_comment",
            Step::Hearing => "hearing",
            Step::ExpertArgument => "expert_argument",
            Step::RiskAssessment => "risk_assessment",
            Step::LegalityReview => "legality_review",
            Step::PartyReport => "party_report",
            Step::CollectiveDiscussion => "collective_discussion",
            Step::Decision => "decision",
            Step::Publication => "publication",
            Step::ExecutionReport => "execution_report",
            Step::PostEvaluation => "post_evaluation",
            Step::Adjustment => "adjustment",
        }
    }

    pub fn parse(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Launch => "决策启动（确定承办单位）",
            Step::Drafting => "拟定决策草案",
            Step::PublicComment => "公开征求意见",
            Step::Hearing => "听证",
            Step::ExpertArgument => "专家论证",
            Step::RiskAssessment => "风险评估",
            Step::LegalityReview => "合法性审查",
            Step::PartyReport => "向党委请示报告",
            Step::CollectiveDiscussion => "集体讨论决定",
            Step::Decision => "作出决策",
            Step::Publication => "决策公布",
            Step::ExecutionReport => "决策执行情况报告",
            Step::PostEvaluation => "决策后评估",
            Step::Adjustment => "决策调整（修订、暂缓或停止执行）",
        }
    }

    /// The articles of 国务院令第713号 the step rests on.
    pub fn article(self) -> &'static str {
        match self {
            Step::Launch => "第十一条",
            Step::Drafting => "第十二条、第十三条",
            Step::PublicComment => "第十四条、第十五条",
            Step::Hearing => "第十六条至第十八条",
            Step::ExpertArgument => "第十九条至第二十一条",
            Step::RiskAssessment => "第二十二条至第二十四条",
            Step::LegalityReview => "第二十五条至第二十八条",
            Step::PartyReport => "第三十一条",
            Step::CollectiveDiscussion => "第二十九条、第三十条",
            Step::Decision => "第三十条",
            Step::Publication => "第三十二条",
            Step::ExecutionReport => "第三十四条、第三十五条",
            Step::PostEvaluation => "第三十六条",
            Step::Adjustment => "第三十五条、第三十七条",
        }
    }

    /// The position in the statutory order. The three steps after publication
    /// share one position: none of them waits for the others.
    pub fn rank(self) -> usize {
        match self {
            Step::ExecutionReport | Step::PostEvaluation | Step::Adjustment => 11,
            s => Step::ALL.iter().position(|x| *x == s).expect("listed"),
        }
    }

    /// May be recorded more than once (reports, evaluations, adjustments).
    pub fn repeatable(self) -> bool {
        self.rank() == 11
    }

    /// The step is required for a decision with these attributes: the
    /// procedure up to publication, except a hearing not planned, expert
    /// argument for a non-technical matter and risk assessment when nothing is
    /// at stake. What follows publication is recorded when it happens.
    pub fn required(self, a: &Attrs) -> bool {
        match self {
            Step::Hearing => a.hearing,
            Step::ExpertArgument => a.technical,
            Step::RiskAssessment => a.risky,
            s => s.rank() <= Step::Publication.rank(),
        }
    }
}

/// The attributes of a decision that decide which steps apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Attrs {
    /// A hearing will be held (art.16: 涉及重大公共利益或者群众切身利益，需要听证的).
    pub hearing: bool,
    /// 专业性、技术性较强 (art.19): expert argument required.
    pub technical: bool,
    /// 可能对社会稳定、公共安全等方面造成不利影响 (art.22): risk assessment required.
    pub risky: bool,
}

/// The procedure of one decision: every step with its required flag.
pub fn plan(a: &Attrs) -> Vec<(Step, bool)> {
    Step::ALL.iter().map(|s| (*s, s.required(a))).collect()
}

/// How a published decision is adjusted (arts.35, 37).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustKind {
    /// 修订决策.
    Amend,
    /// 暂缓执行.
    Suspend,
    /// 恢复执行 (after a suspension).
    Resume,
    /// 停止执行: final.
    Stop,
}

impl AdjustKind {
    pub const ALL: [AdjustKind; 4] = [AdjustKind::Amend, AdjustKind::Suspend, AdjustKind::Resume, AdjustKind::Stop];
    pub fn code(self) -> &'static str {
        match self {
            AdjustKind::Amend => "amend",
            AdjustKind::Suspend => "suspend",
            AdjustKind::Resume => "resume",
            AdjustKind::Stop => "stop",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            AdjustKind::Amend => "修订决策",
            AdjustKind::Suspend => "暂缓执行",
            AdjustKind::Resume => "恢复执行",
            AdjustKind::Stop => "停止执行",
        }
    }
    pub fn parse(code: &str) -> Option<AdjustKind> {
        AdjustKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_follows_the_attributes() {
        let none = Attrs::default();
        let req: Vec<Step> = plan(&none).into_iter().filter(|(_, r)| *r).map(|(s, _)| s).collect();
        assert_eq!(
            req,
            vec![Step::Launch, Step::Drafting, Step::PublicComment, Step::LegalityReview, Step::PartyReport, Step::CollectiveDiscussion, Step::Decision, Step::Publication]
        );
        let all = Attrs { hearing: true, technical: true, risky: true };
        assert!(Step::Hearing.required(&all) && Step::ExpertArgument.required(&all) && Step::RiskAssessment.required(&all));
        assert!(!Step::PostEvaluation.required(&all));
        for s in Step::ALL {
            assert_eq!(Step::parse(s.code()), Some(s));
        }
        assert!(Step::LegalityReview.required(&none), "legality review is mandatory");
    }
}
