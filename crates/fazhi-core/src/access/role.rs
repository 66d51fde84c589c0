use serde::{Deserialize, Serialize};

use super::Permission;
use crate::DomainError;

/// The roles a town system needs. A role means nothing without the org unit it
/// is granted on (see `Grant`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SystemAdmin,
    DistrictSupervisor,
    PrincipalLeader,
    TownLeader,
    TownOffice,
    JudicialOffice,
    LegalAdviser,
    EnforcementOfficer,
    CommunityDirector,
    GridWorker,
    BuildingSteward,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::SystemAdmin,
        Role::DistrictSupervisor,
        Role::PrincipalLeader,
        Role::TownLeader,
        Role::TownOffice,
        Role::JudicialOffice,
        Role::LegalAdviser,
        Role::EnforcementOfficer,
        Role::CommunityDirector,
        Role::GridWorker,
        Role::BuildingSteward,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::SystemAdmin => "system_admin",
            Role::DistrictSupervisor => "district_supervisor",
            Role::PrincipalLeader => "principal_leader",
            Role::TownLeader => "town_leader",
            Role::TownOffice => "town_office",
            Role::JudicialOffice => "judicial_office",
            Role::LegalAdviser => "legal_adviser",
            Role::EnforcementOfficer => "enforcement_officer",
            Role::CommunityDirector => "community_director",
            Role::GridWorker => "grid_worker",
            Role::BuildingSteward => "building_steward",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::SystemAdmin => "系统管理员",
            Role::DistrictSupervisor => "区级督察",
            Role::PrincipalLeader => "党政主要负责人（第一责任人）",
            Role::TownLeader => "领导班子成员",
            Role::TownOffice => "党政办工作人员",
            Role::JudicialOffice => "司法所工作人员",
            Role::LegalAdviser => "法律顾问",
            Role::EnforcementOfficer => "执法人员",
            Role::CommunityDirector => "居委会主任",
            Role::GridWorker => "网格员（社区工作人员）",
            Role::BuildingSteward => "楼栋长",
        }
    }

    pub fn parse(code: &str) -> Result<Role, DomainError> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or_else(|| DomainError::invalid("role", "角色不存在"))
    }

    /// The permission table. Kept as one match so a reviewer reads the whole
    /// policy in one place.
    pub fn permits(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::SystemAdmin => true,
            // Supervisors read everything below them and may 督办 (assign work).
            Role::DistrictSupervisor => {
                matches!(p, OrgRead | AuditRead | TodoRead | TodoAssign | AttachmentRead | ListExport | DisclosureRead | LegalReviewRead | MeetingRead | DecisionRead
                    | GridRead | MediationRead)
            }
            // Leaders sign off: they review (保密审查) and may publish, but do not draft;
            // they approve extending a request's answer period, which the office cannot grant itself.
            Role::PrincipalLeader => matches!(
                p,
                OrgRead | AuditRead | TodoRead | TodoAssign | AttachmentRead | AttachmentWrite | ListExport | PersonalDataUnmask | DisclosureRead | DisclosureReview | DisclosurePublish
                    | DisclosureExtensionApprove | LegalReviewRead | LegalReviewRequest | MeetingRead | MeetingManage | MeetingAttend | MeetingApprove
                    | DecisionRead | DecisionApprove | GridRead | MediationRead
            ),
            // Members of the leadership team (班子成员): they sit in meetings, vote, and bring decisions forward.
            Role::TownLeader => matches!(
                p,
                OrgRead | TodoRead | TodoAssign | AttachmentRead | AttachmentWrite | ListExport | DisclosureRead | LegalReviewRead | LegalReviewRequest | MeetingRead
                    | MeetingAttend | DecisionRead | GridRead | MediationRead
            ),
            // The town office is the 公开工作机构: it drafts, keeps the guide and catalogue, and publishes;
            // it registers and answers disclosure requests.
            Role::TownOffice => matches!(
                p,
                OrgRead | OrgManage | AuditRead | TodoRead | TodoAssign | AttachmentRead | AttachmentWrite | ListExport | DisclosureRead | DisclosureEdit | DisclosurePublish
                    | DisclosureRequestHandle | LegalReviewRead | LegalReviewRequest | LegalAdviserManage | MeetingRead | MeetingManage | DecisionRead | DecisionManage
                    | GridRead | EventDispatch | MediationRead
            ),
            // 司法所 is the town's confidentiality reviewer.
            Role::JudicialOffice => matches!(
                p,
                OrgRead | AuditRead | TodoRead | AttachmentRead | AttachmentWrite | ListExport | DisclosureRead | DisclosureReview | LegalReviewRead | LegalReviewOpine
                    | LegalAdviserManage | MeetingRead | DecisionRead | MediationRead | MediationManage
            ),
            // The adviser reads what is put to them and gives opinions; it sits in meetings as a non-voting attendee.
            Role::LegalAdviser => matches!(p, OrgRead | TodoRead | AttachmentRead | AttachmentWrite | LegalReviewRead | LegalReviewOpine | MeetingRead | DecisionRead),
            Role::EnforcementOfficer => matches!(p, OrgRead | TodoRead | AttachmentRead | AttachmentWrite | ListExport),
            // 一级网格: the director dispatches and verifies the grid's events and chairs the
            // community's mediation committee.
            Role::CommunityDirector => matches!(
                p,
                OrgRead | TodoRead | TodoAssign | AttachmentRead | AttachmentWrite | ListExport | PersonalDataUnmask | GridRead | ResidentEdit | PatrolRecord
                    | EventReport | EventDispatch | MediationRead | MediationManage
            ),
            // 二级网格: the grid worker keeps the register, patrols daily, reports and handles events.
            Role::GridWorker => matches!(
                p,
                OrgRead | TodoRead | AttachmentRead | AttachmentWrite | ListExport | PersonalDataUnmask | GridRead | ResidentEdit | PatrolRecord | EventReport | MediationRead
            ),
            // 三级网格: the building steward sees their building (grid::GridScope) and reports; no unmasking.
            Role::BuildingSteward => matches!(p, OrgRead | TodoRead | AttachmentRead | AttachmentWrite | GridRead | EventReport),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_roundtrip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()).unwrap(), r);
        }
    }

    #[test]
    fn only_admin_edits_calendar_and_users() {
        for r in Role::ALL {
            let admin = r == Role::SystemAdmin;
            assert_eq!(r.permits(Permission::CalendarManage), admin, "{r:?}");
            assert_eq!(r.permits(Permission::UserManage), admin, "{r:?}");
        }
    }

    #[test]
    fn disclosure_drafting_and_review_are_separate_duties() {
        for r in Role::ALL {
            if r != Role::SystemAdmin {
                assert!(!(r.permits(Permission::DisclosureEdit) && r.permits(Permission::DisclosureReview)), "{r:?} drafts and reviews");
            }
        }
        assert!(Role::JudicialOffice.permits(Permission::DisclosureReview));
        assert!(Role::TownOffice.permits(Permission::DisclosurePublish));
        assert!(!Role::DistrictSupervisor.permits(Permission::DisclosurePublish));
    }

    #[test]
    fn requests_are_handled_by_the_office_and_extended_by_the_leader() {
        for r in Role::ALL {
            if r != Role::SystemAdmin {
                assert!(!(r.permits(Permission::DisclosureRequestHandle) && r.permits(Permission::DisclosureExtensionApprove)), "{r:?} extends its own requests");
            }
        }
        assert!(Role::TownOffice.permits(Permission::DisclosureRequestHandle));
        assert!(Role::PrincipalLeader.permits(Permission::DisclosureExtensionApprove));
        assert!(!Role::TownOffice.permits(Permission::DisclosureExtensionApprove));
    }

    #[test]
    fn legality_review_requested_and_opined_by_different_roles() {
        for r in Role::ALL {
            if r != Role::SystemAdmin {
                assert!(!(r.permits(Permission::LegalReviewRequest) && r.permits(Permission::LegalReviewOpine)), "{r:?} reviews its own requests");
            }
        }
        assert!(Role::JudicialOffice.permits(Permission::LegalReviewOpine));
        assert!(Role::LegalAdviser.permits(Permission::LegalReviewOpine));
        assert!(Role::TownLeader.permits(Permission::MeetingAttend));
        assert!(!Role::TownOffice.permits(Permission::MeetingAttend));
        assert!(Role::PrincipalLeader.permits(Permission::MeetingApprove) && !Role::TownLeader.permits(Permission::MeetingApprove));
    }

    #[test]
    fn grid_levels_have_their_duties() {
        assert!(Role::GridWorker.permits(Permission::PatrolRecord) && !Role::GridWorker.permits(Permission::EventDispatch));
        assert!(Role::CommunityDirector.permits(Permission::EventDispatch));
        assert!(!Role::BuildingSteward.permits(Permission::ResidentEdit) && !Role::BuildingSteward.permits(Permission::PersonalDataUnmask));
        assert!(Role::JudicialOffice.permits(Permission::MediationManage) && !Role::DistrictSupervisor.permits(Permission::MediationManage));
    }

    #[test]
    fn supervisor_cannot_unmask_personal_data() {
        assert!(!Role::DistrictSupervisor.permits(Permission::PersonalDataUnmask));
    }
}
