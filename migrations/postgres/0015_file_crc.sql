-- A file's CRC-32, computed beside its SHA-256 while it streams in: a ZIP entry must name it
-- before the entry's bytes, so with it known the folder archive needs no data descriptors
-- (which Java's ZipInputStream and some DAW importers cannot read for stored entries) and
-- its length is known in advance. Files from before keep NULL and get a data descriptor.
ALTER TABLE project_files ADD COLUMN crc32 BIGINT;
