//! [`closed_set!`]: an enum of stored or wire strings (a workflow, a state), so a typo in one
//! does not compile. The enum serialises to exactly the strings the database holds.

/// Declares `enum $name { Variant = "stored", … }` with `ALL`, `as_str`, `parse` and serde
/// as the stored strings.
///
/// ```
/// shared::closed_set! {
///     /// Where a thing is.
///     pub enum Stage { Draft = "draft", Done = "done" }
/// }
/// assert_eq!(Stage::parse("done"), Some(Stage::Done));
/// assert_eq!(Stage::Draft.as_str(), "draft");
/// assert_eq!(serde_json::to_string(&Stage::Done).unwrap(), "\"done\"");
/// ```
#[macro_export]
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order (the order pages offer them in).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored string.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value a stored string names, if any.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
