//! Equipment: the studio's software and plugins, with versions, tags, licences, purchase and
//! status (spec 1.1, 14.2.10). Password, licence key and price are secrets: sealed at rest
//! (`crate::infra::secrets`), never part of a list, a record or an error, and shown only when
//! the user asks for one of them, each on its own request (`api::reveal_equipment_secret`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod detail;
mod editor;
mod labels;
mod page;
pub mod request;
#[cfg(feature = "ssr")]
pub mod rotate;
#[cfg(feature = "ssr")]
pub mod sealed;

pub use page::EquipmentPage;
pub use request::EquipmentForm;

use serde::{Deserialize, Serialize};
use shared::paging::Page;

shared::closed_set! {
    /// What a record is (spec: 'Software' or 'Plugin').
    pub enum EquipmentType { Software = "software", Plugin = "plugin" }
}

shared::closed_set! {
    /// How the licence is managed.
    pub enum LicenseManagement {
        Online = "online", Ilok = "ilok", LicenseKey = "license_key", Other = "other"
    }
}

shared::closed_set! {
    /// Where a record is in its life.
    pub enum EquipmentStatus { Active = "active", Trial = "trial", Expired = "expired", Archived = "archived" }
}

shared::closed_set! {
    /// The secrets of a record, each revealed on its own request.
    pub enum Secret { Password = "password", LicenseKey = "license_key", Price = "price" }
}

shared::closed_set! {
    /// The list's orders.
    pub enum EquipmentSort {
        Name = "name", Manufacturer = "manufacturer", PurchaseDate = "purchase_date", Status = "status"
    }
}

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_VERSION_CHARS: usize = 100;
pub const MAX_MANUFACTURER_CHARS: usize = 200;
pub const MAX_URL_CHARS: usize = 500;
pub const MAX_TAGS_CHARS: usize = 1000;
pub const MAX_USERNAME_CHARS: usize = 200;
pub const MAX_PASSWORD_CHARS: usize = 500;
pub const MAX_LICENSE_KEY_CHARS: usize = 2000;
pub const MAX_TEXT_CHARS: usize = 5000;
/// The list's address: search, filters, order, page, the open record and its editor.
pub const INVENTORY: crate::ui::list::ListUrl = crate::ui::list::ListUrl {
    path: "/equipment",
    keys: &[
        "q", "kind", "status", "license", "tag", "sort", "page", "id", "edit",
    ],
};
/// Records per page of the list.
pub const PAGE_SIZE: u32 = 50;

/// A record as pages see it: everything but the secrets, of which only their presence shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Equipment {
    pub id: String,
    pub kind: EquipmentType,
    pub name: String,
    pub version: String,
    pub description: String,
    pub software_tags: String,
    pub plugin_tags: String,
    pub manufacturer: String,
    pub url: String,
    pub username: String,
    pub license_management: Option<LicenseManagement>,
    pub license_description: String,
    /// `YYYY-MM-DD`.
    pub purchase_date: Option<String>,
    pub system_requirements: String,
    pub status: EquipmentStatus,
    pub has_password: bool,
    pub has_license_key: bool,
    pub has_price: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Equipment {
    pub fn has(&self, secret: Secret) -> bool {
        match secret {
            Secret::Password => self.has_password,
            Secret::LicenseKey => self.has_license_key,
            Secret::Price => self.has_price,
        }
    }
}

/// Search, filters, order and page of the list, as they appear in the URL. Empty (or unknown)
/// filters filter nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EquipmentQuery {
    pub search: String,
    pub kind: String,
    pub status: String,
    pub license: String,
    /// One tag, matched in the software and plugin tags.
    pub tag: String,
    pub sort: String,
    pub page: Page,
}

/// One page of the list and how many records match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EquipmentPageData {
    pub items: Vec<Equipment>,
    pub total: i64,
    /// Every tag of the user's records, for the tag filter.
    pub tags: Vec<String>,
}

/// Which secrets a duplicate takes along (each one explicitly; none by default).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CopySecrets {
    pub password: bool,
    pub license_key: bool,
    pub price: bool,
}

impl CopySecrets {
    pub fn wants(&self, secret: Secret) -> bool {
        match secret {
            Secret::Password => self.password,
            Secret::LicenseKey => self.license_key,
            Secret::Price => self.price,
        }
    }
}
