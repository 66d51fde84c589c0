use serde::Serialize;

/// An action a user may be allowed to take on records of an org subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// See the org tree and the console of a unit.
    OrgRead,
    /// Create and edit org units (villages, grids) below a granted unit.
    OrgManage,
    /// Create users and grant roles.
    UserManage,
    /// Read the audit trail of records in scope.
    AuditRead,
    /// Edit the working-day calendar (a system-wide table).
    CalendarManage,
    /// Read and act on the to-do list of a unit.
    TodoRead,
    /// Assign work (交办/督办) to a unit or person.
    TodoAssign,
    /// Upload attachments to records.
    AttachmentWrite,
    /// Download attachments of records in scope.
    AttachmentRead,
    /// See personal data (ID numbers, phones) unmasked; every use is audited.
    PersonalDataUnmask,
    /// Search and export lists in scope.
    ListExport,
    /// Read the disclosure ledger, unpublished items and unredacted originals included.
    DisclosureRead,
    /// Draft and edit proactive-disclosure items, the catalogue categories and the guide.
    DisclosureEdit,
    /// Record the confidentiality review (保密审查) of an item; never of one's own draft.
    DisclosureReview,
    /// Publish, schedule and withdraw reviewed items.
    DisclosurePublish,
    /// Register and handle disclosure requests (依申请公开): every step but the extension.
    DisclosureRequestHandle,
    /// Approve extending a request's answer period (条例 art.33: 负责人同意).
    DisclosureExtensionApprove,
    /// Read legality reviews (合法性审查) and the advisers' register.
    LegalReviewRead,
    /// Submit a decision, document, contract or enforcement decision for legality review.
    LegalReviewRequest,
    /// Give the legality-review opinion (司法所, 法律顾问); never on one's own request.
    LegalReviewOpine,
    /// Keep the register of legal advisers (法律顾问) and reviewers.
    LegalAdviserManage,
    /// Read meetings: agendas, materials, attendance, votes, minutes.
    MeetingRead,
    /// Prepare meetings: types, members, agenda items (议题), notices, the record of the sitting.
    MeetingManage,
    /// Sit in a meeting as a member: state a position and vote (逐项表决).
    MeetingAttend,
    /// Approve minutes and the vote record (纪要审定); after that only corrections.
    MeetingApprove,
    /// Read major administrative decisions (重大行政决策), the catalogue and the archive.
    DecisionRead,
    /// Run a decision's procedure as 承办单位: drafting, participation, comments, reports.
    DecisionManage,
    /// Approve the annual decision catalogue and make or suspend a decision (决策机关).
    DecisionApprove,
    /// Read the grid ledgers in scope: residents (masked), households, patrols, events.
    GridRead,
    /// Register, edit, move and import residents of the grids in scope.
    ResidentEdit,
    /// Record a daily patrol (巡查) of a grid.
    PatrolRecord,
    /// Report a grid event and record its handling and feedback.
    EventReport,
    /// Accept, dispatch, verify and close grid events; receive escalations.
    EventDispatch,
    /// Read people's mediation cases, committees and figures.
    MediationRead,
    /// Run mediation cases and keep committees and mediators (人民调解).
    MediationManage,
}

impl Permission {
    pub fn label(self) -> &'static str {
        match self {
            Permission::OrgRead => "查看本单位工作台",
            Permission::OrgManage => "管理组织机构",
            Permission::UserManage => "管理用户和授权",
            Permission::AuditRead => "查看审计记录",
            Permission::CalendarManage => "维护工作日历",
            Permission::TodoRead => "查看待办事项",
            Permission::TodoAssign => "交办、督办事项",
            Permission::AttachmentWrite => "上传附件",
            Permission::AttachmentRead => "下载附件",
            Permission::PersonalDataUnmask => "查看完整个人信息",
            Permission::ListExport => "导出列表",
            Permission::DisclosureRead => "查看政务公开台账",
            Permission::DisclosureEdit => "起草、修改政务公开信息",
            Permission::DisclosureReview => "政务公开保密审查",
            Permission::DisclosurePublish => "发布、撤回政务公开信息",
            Permission::DisclosureRequestHandle => "办理政府信息公开申请",
            Permission::DisclosureExtensionApprove => "批准延长政府信息公开申请答复期限",
            Permission::LegalReviewRead => "查看合法性审查",
            Permission::LegalReviewRequest => "提请合法性审查",
            Permission::LegalReviewOpine => "出具合法性审查意见",
            Permission::LegalAdviserManage => "管理法律顾问",
            Permission::MeetingRead => "查看会议",
            Permission::MeetingManage => "筹备会议、管理议题",
            Permission::MeetingAttend => "参加会议、逐项表决",
            Permission::MeetingApprove => "审定会议纪要",
            Permission::DecisionRead => "查看重大行政决策",
            Permission::DecisionManage => "承办重大行政决策",
            Permission::DecisionApprove => "审定决策目录、作出决策",
            Permission::GridRead => "查看网格台账",
            Permission::ResidentEdit => "登记、修改居民信息",
            Permission::PatrolRecord => "记录网格巡查",
            Permission::EventReport => "上报、处置网格事件",
            Permission::EventDispatch => "受理、分拨、核查网格事件",
            Permission::MediationRead => "查看人民调解台账",
            Permission::MediationManage => "办理人民调解案件",
        }
    }
}
