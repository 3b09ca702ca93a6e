//! The public types can be shared across threads.

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<icp_assess::Framework>();
    assert_send_sync::<icp_assess::EvidenceBundle>();
    assert_send_sync::<icp_assess::PreparedEvidence<'static>>();
    assert_send_sync::<icp_assess::Report>();
    assert_send_sync::<icp_assess::Finding>();
    assert_send_sync::<icp_assess::Error>();
    assert_send_sync::<icp_assess::Problem>();
    assert_send_sync::<icp_assess::Problems>();
    assert_send_sync::<icp_assess::LoadOptions>();
    assert_send_sync::<icp_assess::model::FrameworkDef>();
}
