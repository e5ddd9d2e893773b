//! Values provided once at the top of the app and read by pages and components below it.

pub mod live;
pub mod viewer;
