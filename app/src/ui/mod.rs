//! Building blocks every feature page uses: the shell, forms, dialogs, toasts, shortcuts.

pub mod dialog;
pub mod form;
pub mod lang_switch;
pub mod layout;
pub mod shortcuts;
pub mod toast;
pub mod user_menu;
