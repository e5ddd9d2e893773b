use crate::api::parental::{
    BlockTitle, RemoveParentalPin, RemoveProfileLock, SetMaturity, SetParentalPin, SetProfileLock,
    UnblockTitle,
};
use leptos::prelude::*;

/// The page's actions, so that any of them reloads what the page shows.
#[derive(Clone, Copy)]
pub struct Changes {
    pub maturity: ServerAction<SetMaturity>,
    pub block: ServerAction<BlockTitle>,
    pub unblock: ServerAction<UnblockTitle>,
    pub pin: ServerAction<SetParentalPin>,
    pub remove_pin: ServerAction<RemoveParentalPin>,
    pub lock: ServerAction<SetProfileLock>,
    pub unlock: ServerAction<RemoveProfileLock>,
}

impl Changes {
    pub fn new() -> Self {
        Self {
            maturity: ServerAction::new(),
            block: ServerAction::new(),
            unblock: ServerAction::new(),
            pin: ServerAction::new(),
            remove_pin: ServerAction::new(),
            lock: ServerAction::new(),
            unlock: ServerAction::new(),
        }
    }

    pub fn version(&self) -> usize {
        self.maturity.version().get()
            + self.block.version().get()
            + self.unblock.version().get()
            + self.pin.version().get()
            + self.remove_pin.version().get()
            + self.lock.version().get()
            + self.unlock.version().get()
    }
}
