//! Reusable pieces of the interface, one component per file.

pub mod alert;
pub mod avatar;
pub mod avatar_picker;
pub mod awaited;
pub mod consent_field;
pub mod deactivate_device_form;
pub mod device_icon;
pub mod focus_trap;
pub mod footer;
pub mod header;
pub mod language_picker;
pub mod loading;
pub mod local_time;
pub mod modal;
pub mod new_password_fields;
pub mod page_title;
pub mod pager;
pub mod player;
pub mod profile_menu;
pub mod reauth_field;
pub mod session_guard;
pub mod sign_in_notice;
pub mod sign_out_all_dialog;
pub mod signed_out_notice;
pub mod submit_button;
pub mod title_card;
