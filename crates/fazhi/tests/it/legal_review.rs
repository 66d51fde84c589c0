//! 合法性审查 services: the ≥ 7 WD period for decisions, the reviewer's
//! independence and assignment, opinion and response rules, transitions, the
//! scheduling gate another module asks inside its own write, the to-do list
//! (overdue reviews), town isolation, and the demo's year in every state.
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fazhi::error::AppError;
use fazhi::kernel::{Write, load_actor, load_org};
use fazhi::legal_review::service::{self, NewOpinion, NewReview, Withdrawal};
use fazhi::legal_review::{self as lr, Conclusion, ReviewState, SubjectKind, store};
use fazhi_core::DomainError;
use fazhi_core::access::{Actor, Permission};
use fazhi_core::legal_review::RawAnswer;

use crate::support::{TestApp, spawn};

const XILIAN: &str = "440203103";

pub async fn actor(t: &TestApp, username: &str) -> Actor {
    let id: i64 = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1").bind(username).fetch_one(&t.app.db.pool).await.unwrap();
    load_actor(&t.app, id).await.unwrap().unwrap()
}

fn at(day: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap())
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn refused(r: Result<impl std::fmt::Debug, AppError>) -> String {
    match r {
        Err(AppError::Domain(e @ DomainError::Refused { .. })) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn invalid(r: Result<impl std::fmt::Debug, AppError>, field: &str) -> String {
    match r {
        Err(AppError::Domain(DomainError::Invalid { field: f, message })) if f == field => message,
        other => panic!("expected invalid {field}, got {other:?}"),
    }
}

async fn adviser_id(t: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT a.id FROM legal_adviser a JOIN app_user u ON u.id = a.user_id WHERE u.username = $1").bind(username).fetch_one(&t.app.db.pool).await.unwrap()
}

#[tokio::test]
async fn decisions_get_at_least_seven_working_days_by_default_and_never_fewer() {
    let t = spawn().await;
    let office = actor(&t, "xilian-office").await;
    let town = t.org_id(XILIAN).await;
    // Submitted Thu 2021-09-16: the 中秋 holidays and two 调休 Saturdays/Sundays are counted by the calendar.
    let base = NewReview { subject_id: Some(9001), at: Some(at(d("2021-09-16"))), ..NewReview::new(town, SubjectKind::Decision, "测试决策事项", "决策程序是否合法") };
    let short = NewReview { due_date: Some(d("2021-09-24")), ..base.clone() };
    let msg = invalid(service::request(&t.app, &office, short).await, "due_date");
    assert!(msg.contains("不得少于 7 个工作日") && msg.contains("2021-09-27"), "{msg}");
    let id = service::request(&t.app, &office, base.clone()).await.unwrap();
    let v = store::get(&t.app, &office, id).await.unwrap();
    assert_eq!((v.due_date.as_str(), v.working_days, v.state), ("2021-09-27", 7, ReviewState::Requested));
    let expected = fazhi::platform::calendar::add_workdays_db(&t.app.db, d("2021-09-16"), 7).await.unwrap();
    assert_eq!(v.due_date, expected.to_string());
    // The clock is the platform's, with the same due date.
    let clock: String = sqlx::query_scalar("SELECT due_date FROM clock WHERE entity = 'legal_review' AND entity_id = $1").bind(id.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(clock, "2021-09-27");
    // One open review per subject.
    assert!(matches!(service::request(&t.app, &office, base).await, Err(AppError::Domain(DomainError::Conflict { .. }))));
    // Other kinds have no statutory minimum but must end on a working day after submission.
    let c = NewReview { due_date: Some(d("2021-09-17")), at: Some(at(d("2021-09-16"))), ..NewReview::new(town, SubjectKind::Contract, "测试合同", "条款是否合法") };
    assert!(service::request(&t.app, &office, c.clone()).await.is_ok());
    invalid(service::request(&t.app, &office, NewReview { due_date: Some(d("2021-09-19")), ..c }).await, "due_date");
}

#[tokio::test]
async fn opinion_rules_reviewer_independence_and_point_by_point_response() {
    let t = spawn().await;
    let office = actor(&t, "xilian-office").await;
    let sifa = actor(&t, "xilian-sifa").await;
    let adviser = actor(&t, "xilian-adviser").await;
    let admin = actor(&t, "admin").await;
    let town = t.org_id(XILIAN).await;
    let chen = adviser_id(&t, "xilian-adviser").await;
    let id = service::request(&t.app, &office, NewReview { adviser_id: Some(chen), ..NewReview::new(town, SubjectKind::Document, "测试规范性文件", "是否设定罚款") }).await.unwrap();
    let v = store::get(&t.app, &office, id).await.unwrap();
    assert_eq!(v.reviewer_id, Some(adviser.user_id), "the adviser's account becomes the reviewer");
    // The adviser's queue has it; 司法所 may not opine on a review assigned to the adviser.
    let q = store::queue(&t.app, &adviser, fazhi::web::pages::today()).await.unwrap();
    assert!(q.iter().any(|r| r.id == id && r.assigned_to_me));
    let lawful = || NewOpinion { conclusion: Conclusion::Lawful, reasons: "", articles: "", points: vec![], at: None };
    assert!(matches!(service::opine(&t.app, &sifa, id, lawful()).await, Err(AppError::Domain(DomainError::Forbidden { .. }))));
    // The requester cannot opine (even with every permission); nor can the office, which lacks the permission.
    let own = service::request(&t.app, &admin, NewReview::new(town, SubjectKind::Contract, "管理员提请的合同", "问题")).await.unwrap();
    assert!(refused(service::opine(&t.app, &admin, own, lawful()).await).contains("本人提请"));
    assert!(matches!(service::opine(&t.app, &office, id, lawful()).await, Err(AppError::Domain(DomainError::Forbidden { .. }))));
    // 修改后合法 and 不合法 need reasons, articles; 修改后合法 needs points.
    let changes = |reasons: &'static str, articles: &'static str, points: Vec<&'static str>| NewOpinion { conclusion: Conclusion::LawfulWithChanges, reasons, articles, points, at: None };
    invalid(service::opine(&t.app, &adviser, id, changes("", "《行政处罚法》第十六条", vec!["删除"])).await, "reasons");
    invalid(service::opine(&t.app, &adviser, id, changes("设定罚款", "", vec!["删除"])).await, "articles");
    invalid(service::opine(&t.app, &adviser, id, changes("设定罚款", "《行政处罚法》第十六条", vec![])).await, "points");
    invalid(service::opine(&t.app, &adviser, id, NewOpinion { conclusion: Conclusion::Unlawful, reasons: "", articles: "x", points: vec![], at: None }).await, "reasons");
    // Nothing half-written by the refusals.
    assert_eq!(store::get(&t.app, &office, id).await.unwrap().state, ReviewState::Requested);
    service::opine(&t.app, &adviser, id, changes("第九条设定罚款，无权设定", "《中华人民共和国行政处罚法》第十六条", vec!["删除第九条", "补充有效期"])).await.unwrap();
    let v = store::get(&t.app, &office, id).await.unwrap();
    assert_eq!((v.state, v.conclusion, v.points.len(), v.on_time), (ReviewState::Opined, Some(Conclusion::LawfulWithChanges), 2, Some(true)));
    assert!(refused(service::opine(&t.app, &adviser, id, lawful()).await).contains("不能重复"));
    assert!(refused(service::withdraw(&t.app, &office, id, Withdrawal { reason: "不需要了", at: None }).await).contains("不能撤回"));
    // The response: every point, a refusal with its reason.
    let yes = RawAnswer { adopted: Some(true), note: "" };
    invalid(service::respond(&t.app, &office, id, &[yes], None).await, "answers");
    invalid(service::respond(&t.app, &office, id, &[yes, RawAnswer { adopted: Some(false), note: " " }], None).await, "answers[1].note");
    // The adviser (no LegalReviewRequest) cannot answer for the requester.
    assert!(matches!(service::respond(&t.app, &adviser, id, &[yes, yes], None).await, Err(AppError::Domain(DomainError::Forbidden { .. }))));
    service::respond(&t.app, &office, id, &[yes, RawAnswer { adopted: Some(false), note: "上级文件已规定有效期" }], None).await.unwrap();
    let v = store::get(&t.app, &office, id).await.unwrap();
    assert_eq!(v.state, ReviewState::Responded);
    assert_eq!((v.points[0].adopted, v.points[1].adopted), (Some(true), Some(false)));
    assert_eq!(v.points[1].response_note.as_deref(), Some("上级文件已规定有效期"));
    assert!(refused(service::respond(&t.app, &office, id, &[yes, yes], None).await).contains("不能重复"));
    // The history is the audit trail.
    let h = store::history(&t.app, id).await.unwrap();
    let actions: Vec<&str> = h.iter().map(|l| l.action.as_str()).collect();
    for a in ["提请合法性审查", "出具审查意见", "反馈采纳情况"] {
        assert!(actions.contains(&a), "{actions:?}");
    }
    // A lawful opinion without points needs no response.
    let plain = service::request(&t.app, &office, NewReview::new(town, SubjectKind::Contract, "无修改意见的合同", "问题")).await.unwrap();
    service::opine(&t.app, &sifa, plain, lawful()).await.unwrap();
    assert!(refused(service::respond(&t.app, &office, plain, &[], None).await).contains("无需反馈"));
}

#[tokio::test]
async fn withdrawal_assignment_checks_and_request_permissions() {
    let t = spawn().await;
    let office = actor(&t, "xilian-office").await;
    let sifa = actor(&t, "xilian-sifa").await;
    let grid = actor(&t, "xilian-grid").await;
    let adviser = actor(&t, "xilian-adviser").await;
    let town = t.org_id(XILIAN).await;
    let base = NewReview::new(town, SubjectKind::Enforcement, "测试执法决定", "程序是否合法");
    for who in [&grid, &adviser, &sifa] {
        assert!(matches!(service::request(&t.app, who, base.clone()).await, Err(AppError::Domain(DomainError::Forbidden { .. }))), "{}", who.username);
    }
    // A reviewer must hold the opinion permission in the unit; the office does not.
    invalid(service::request(&t.app, &office, NewReview { reviewer_id: Some(office.user_id), ..base.clone() }).await, "reviewer_id");
    invalid(service::request(&t.app, &office, NewReview { reviewer_id: Some(grid.user_id), ..base.clone() }).await, "reviewer_id");
    // An adviser outside the contract term cannot be assigned.
    let li: i64 = sqlx::query_scalar("SELECT id FROM legal_adviser WHERE user_id IS NULL ORDER BY id LIMIT 1").fetch_one(&t.app.db.pool).await.unwrap();
    let msg = invalid(service::request(&t.app, &office, NewReview { adviser_id: Some(li), at: Some(at(d("2023-03-01"))), ..base.clone() }).await, "adviser_id");
    assert!(msg.contains("聘用期"), "{msg}");
    let id = service::request(&t.app, &office, NewReview { reviewer_id: Some(sifa.user_id), ..base.clone() }).await.unwrap();
    invalid(service::withdraw(&t.app, &office, id, Withdrawal { reason: "", at: None }).await, "reason");
    service::withdraw(&t.app, &office, id, Withdrawal { reason: "当事人已整改", at: None }).await.unwrap();
    let v = store::get(&t.app, &office, id).await.unwrap();
    assert_eq!(v.state, ReviewState::Withdrawn);
    let lawful = NewOpinion { conclusion: Conclusion::Lawful, reasons: "", articles: "", points: vec![], at: None };
    assert!(refused(service::opine(&t.app, &sifa, id, lawful).await).contains("已撤回"));
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todo_item WHERE entity = 'legal_review' AND entity_id = $1 AND status = 'open'").bind(id.to_string()).fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!(open, 0, "the reviewer's to-do is closed");
}

#[tokio::test]
async fn the_scheduling_gate_inside_another_modules_write() {
    let t = spawn().await;
    let office = actor(&t, "xilian-office").await;
    let sifa = actor(&t, "xilian-sifa").await;
    let town = load_org(&t.app, t.org_id(XILIAN).await).await.unwrap();
    let gate = |s: Option<store::ReviewSummary>| match s {
        Some(s) => lr::permits_scheduling(s.conclusion, Some(s.state)),
        None => lr::permits_scheduling(None, None),
    };
    let latest = |id: i64| {
        let t = &t;
        async move {
            let mut conn = t.app.db.pool.acquire().await.unwrap();
            store::latest_for_subject(&mut conn, SubjectKind::Decision, id).await.unwrap()
        }
    };
    assert!(gate(latest(777).await).unwrap_err().to_string().contains("缺少合法性审查"));
    // The decision module submits inside its own write (its own permission), and sees it in the same transaction.
    let mut w = Write::begin(&t.app, &office, Permission::DecisionManage, &town).await.unwrap();
    let id = service::request_in(&mut w, NewReview { subject_id: Some(777), ..NewReview::new(town.id, SubjectKind::Decision, "某重大行政决策草案", "是否合法") }).await.unwrap();
    let inside = store::latest_for_subject(w.conn(), SubjectKind::Decision, 777).await.unwrap().unwrap();
    assert_eq!((inside.id, inside.state), (id, ReviewState::Requested));
    w.commit().await.unwrap();
    let s = latest(777).await;
    assert!(gate(s.clone()).unwrap_err().to_string().contains("尚未完成"));
    assert!(s.unwrap().due_date.len() == 10);
    service::opine(&t.app, &sifa, id, NewOpinion { conclusion: Conclusion::Unlawful, reasons: "超越职权", articles: "《重大行政决策程序暂行条例》第二十五条", points: vec![], at: None }).await.unwrap();
    let s = latest(777).await.unwrap();
    assert!(s.opined_at.is_some());
    assert!(s.permits_scheduling().unwrap_err().to_string().contains("不合法"));
    // Reviewed again after changes: 修改后合法 needs the response first.
    let again = service::request(&t.app, &office, NewReview { subject_id: Some(777), ..NewReview::new(town.id, SubjectKind::Decision, "某重大行政决策草案（修改稿）", "是否合法") }).await.unwrap();
    service::opine(&t.app, &sifa, again, NewOpinion { conclusion: Conclusion::LawfulWithChanges, reasons: "个别条款需修改", articles: "第三条", points: vec!["修改第三条"], at: None }).await.unwrap();
    assert!(gate(latest(777).await).unwrap_err().to_string().contains("采纳情况"));
    service::respond(&t.app, &office, again, &[RawAnswer { adopted: Some(true), note: "" }], None).await.unwrap();
    assert!(gate(latest(777).await).is_ok());
    // A request by a user without LegalReviewRequest is refused even inside another module's write.
    let leader = actor(&t, "xilian-leader").await;
    let grid = actor(&t, "xilian-grid").await;
    assert!(leader.can(Permission::LegalReviewRequest, &town.path));
    assert!(!grid.can(Permission::LegalReviewRequest, &town.path));
}

#[tokio::test]
async fn overdue_reviews_are_on_the_reviewers_to_do_list_and_towns_are_isolated() {
    let t = spawn().await;
    let office = actor(&t, "xilian-office").await;
    let adviser = actor(&t, "xilian-adviser").await;
    let longgui = actor(&t, "longgui-office").await;
    let town = t.org_id(XILIAN).await;
    let today = fazhi::web::pages::today();
    let chen = adviser_id(&t, "xilian-adviser").await;
    let id = service::request(&t.app, &office, NewReview { adviser_id: Some(chen), at: Some(at(today - Duration::days(30))), ..NewReview::new(town, SubjectKind::Contract, "逾期未审的合同", "问题") }).await.unwrap();
    let todos = fazhi::platform::todo::list_open(&t.app, &adviser, today, false, 200).await.unwrap();
    let item = todos.iter().find(|x| x.url.as_deref() == Some(&format!("/console/legal-reviews/{id}"))).expect("on the adviser's to-do list");
    assert!(item.overdue);
    assert_eq!(item.module_label(), "合法性审查");
    let q = store::queue(&t.app, &adviser, today).await.unwrap();
    assert!(q.iter().find(|r| r.id == id).unwrap().overdue);
    // 龙归镇 sees none of 西联镇's reviews.
    assert!(matches!(store::get(&t.app, &longgui, id).await, Err(AppError::Domain(DomainError::NotFound { .. }))));
    assert!(store::list(&t.app, &longgui, &Default::default()).await.unwrap().is_empty());
    assert!(!store::list(&t.app, &office, &Default::default()).await.unwrap().is_empty());
    assert!(fazhi::legal_review::advisers::list(&t.app, &longgui).await.unwrap().is_empty());
    let lawful = NewOpinion { conclusion: Conclusion::Lawful, reasons: "", articles: "", points: vec![], at: None };
    assert!(service::opine(&t.app, &longgui, id, lawful).await.is_err());
}

#[tokio::test]
async fn the_demo_year_has_every_state_and_the_figures_count_it() {
    let t = spawn().await;
    let office = actor(&t, "xilian-office").await;
    let all = store::list(&t.app, &office, &store::ListQuery { limit: Some(200), ..Default::default() }).await.unwrap();
    for s in [ReviewState::Requested, ReviewState::Opined, ReviewState::Responded, ReviewState::Withdrawn] {
        assert!(all.iter().any(|r| r.state == s), "{s:?}");
    }
    for k in SubjectKind::ALL {
        assert!(all.iter().any(|r| r.subject_kind == k), "{k:?}");
    }
    for c in Conclusion::ALL {
        assert!(all.iter().any(|r| r.conclusion == Some(c)), "{c:?}");
    }
    let f = fazhi::legal_review::figures::compute(&t.app, &office).await.unwrap();
    let y = f.years.iter().find(|y| y.year == 2021).unwrap();
    let in_2021: Vec<_> = all.iter().filter(|r| r.submitted_on.starts_with("2021")).collect();
    assert_eq!(y.reviews, in_2021.len() as i64);
    let opined: Vec<_> = in_2021.iter().filter(|r| r.opined_on.is_some()).collect();
    assert_eq!(y.on_time.total, opined.len() as i64);
    assert_eq!(y.on_time.count, opined.iter().filter(|r| r.on_time == Some(true)).count() as i64);
    assert!(y.on_time.count < y.on_time.total, "the demo has a late opinion");
    let answered: Vec<_> = in_2021.iter().flat_map(|r| r.points.iter()).collect();
    assert!(answered.is_empty(), "list views carry no points");
    let adopted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM legal_review_point p JOIN legal_review r ON r.id = p.review_id WHERE p.adopted = TRUE AND r.submitted_on LIKE '2021%'").fetch_one(&t.app.db.pool).await.unwrap();
    let responded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM legal_review_point p JOIN legal_review r ON r.id = p.review_id WHERE p.adopted IS NOT NULL AND r.submitted_on LIKE '2021%'").fetch_one(&t.app.db.pool).await.unwrap();
    assert_eq!((y.adopted.count, y.adopted.total), (adopted, responded));
    assert!(adopted < responded, "the demo has points not adopted");
    // No decision register in this build: no invented share.
    assert!(f.decisions_registered.is_none() || f.decision_coverage.is_some());
    assert_eq!(t.count("SELECT COUNT(*) FROM legal_adviser").await, 2);
    assert_eq!(f.advisers.len(), 2);
    let by_adviser: i64 = f.advisers.iter().map(|a| a.on_time.total).sum();
    let opined_by_adviser = all.iter().filter(|r| r.adviser_id.is_some() && r.opined_on.is_some()).count() as i64;
    assert_eq!(by_adviser, opined_by_adviser);
    assert!(fazhi::kernel::audit::verify_all(&t.app).await.unwrap().first_break.is_none());
}
