-- The user's time zone (an IANA name such as Europe/Berlin): dates are shown in it, on the
-- server and in the browser alike. Empty until the browser reports its own zone.
ALTER TABLE user_settings ADD COLUMN time_zone TEXT;
