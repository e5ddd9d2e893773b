//! One page per route.

pub mod account;
pub mod activate;
pub mod browse;
pub mod change_password;
pub mod deactivate_device;
pub mod devices;
pub mod edit_profile;
pub mod help;
pub mod home;
pub mod login;
pub mod manage_profiles;
pub mod new_profile;
pub mod not_found;
pub mod parental_controls;
pub mod secure_account;
pub mod secure_link;
pub mod secured_report;
pub mod security_activity;
pub mod sign_out_all;
pub mod streaming_activity;
pub mod unlock_profile;
pub mod viewing_activity;
pub mod watch;
pub mod who_is_watching;
