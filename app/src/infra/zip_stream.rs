//! A ZIP archive of stored objects, written as it streams: nothing is held in memory but the
//! chunk in flight and the central directory (a few dozen bytes a file).
//!
//! Entries are stored uncompressed (audio and DAW files do not compress, and storing keeps the
//! CPU idle). A file's CRC-32 is kept when it is uploaded, so its local header carries size and
//! CRC and no data descriptor follows: Java's `ZipInputStream` and the importers built on it
//! read such entries. Files stored before CRCs were kept get a data descriptor instead (their
//! CRC is computed as they stream; reading them twice first would stall the download). Either
//! way every length is known, so the archive's is too before the first byte (the browser
//! shows real progress). The bytes are checked against the record as they pass; an object
//! that differs ends the stream with an error rather than a wrong file. ZIP64 records are written where a file, an offset or the
//! entry count outgrows the classic format, so a folder of 5 GB stems opens in every current
//! unzip tool.

use bytes::{BufMut, Bytes, BytesMut};
use futures::{SinkExt, StreamExt};

use super::storage::{Backend, ByteStream, Storage, StorageKey};

/// One file of the archive.
pub struct ZipEntry {
    /// `/`-separated, UTF-8.
    pub name: String,
    pub size: u64,
    /// `None` for a file stored before CRCs were kept: it gets a data descriptor.
    pub crc32: Option<u32>,
    pub modified_ms: i64,
    pub backend: Backend,
    pub key: StorageKey,
}

const CLASSIC_MAX: u64 = 0xFFFF_FFFF;

/// The archive of `entries`, in order: its exact length and its bytes. A file that cannot be
/// read, or reads other than its record says, ends the stream with an error (the client sees
/// a broken download, never a silently wrong archive).
pub fn archive(storage: Storage, entries: Vec<ZipEntry>) -> (u64, ByteStream) {
    let mut offset = 0u64;
    let mut central = Vec::with_capacity(entries.len());
    for entry in &entries {
        let (time, date) = dos_time(entry.modified_ms);
        central.push(Central {
            name: entry.name.clone(),
            crc: entry.crc32.unwrap_or(0),
            size: entry.size,
            offset,
            time,
            date,
            descriptor: entry.crc32.is_none(),
        });
        offset += local_header_len(entry) + entry.size + descriptor_len(entry);
    }
    // The directory's length does not depend on the CRCs a descriptor entry learns later.
    let length = offset + central_directory(&central, offset).len() as u64;
    let (mut tx, rx) = futures::channel::mpsc::channel::<std::io::Result<Bytes>>(8);
    tokio::spawn(async move {
        if let Err(e) = write_all(&storage, entries, central, offset, &mut tx).await {
            let _ = tx.send(Err(e)).await;
        }
    });
    (length, Box::pin(rx))
}

type Sink = futures::channel::mpsc::Sender<std::io::Result<Bytes>>;

fn gone() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away")
}

struct Central {
    name: String,
    crc: u32,
    size: u64,
    offset: u64,
    time: u16,
    date: u16,
    descriptor: bool,
}

async fn write_all(
    storage: &Storage,
    entries: Vec<ZipEntry>,
    mut central: Vec<Central>,
    directory_at: u64,
    tx: &mut Sink,
) -> std::io::Result<()> {
    for (entry, at) in entries.iter().zip(central.iter_mut()) {
        tx.send(Ok(local_header(entry, at.time, at.date)))
            .await
            .map_err(|_| gone())?;
        let mut body = storage
            .read(entry.backend, &entry.key, None)
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .body;
        let mut crc = crc32fast::Hasher::new();
        let mut size = 0u64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk?;
            crc.update(&chunk);
            size += chunk.len() as u64;
            if size > entry.size {
                break;
            }
            tx.send(Ok(chunk)).await.map_err(|_| gone())?;
        }
        let crc = crc.finalize();
        if size != entry.size || entry.crc32.is_some_and(|known| known != crc) {
            return Err(std::io::Error::other(format!(
                "{}: the stored object differs from its record",
                entry.name
            )));
        }
        if at.descriptor {
            at.crc = crc;
            tx.send(Ok(data_descriptor(crc, size, is_zip64(entry))))
                .await
                .map_err(|_| gone())?;
        }
    }
    let directory = central_directory(&central, directory_at);
    tx.send(Ok(directory)).await.map_err(|_| gone())
}

/// Flags: bit 11 (names are UTF-8); bit 3 (CRC and sizes in a descriptor after the data) only
/// where the CRC is not known ahead.
fn flags(descriptor: bool) -> u16 {
    if descriptor {
        0x0808
    } else {
        0x0800
    }
}

fn descriptor_len(entry: &ZipEntry) -> u64 {
    match (entry.crc32, is_zip64(entry)) {
        (Some(_), _) => 0,
        (None, false) => 16,
        (None, true) => 24,
    }
}

fn data_descriptor(crc: u32, size: u64, zip64: bool) -> Bytes {
    let mut b = BytesMut::with_capacity(24);
    b.put_u32_le(0x0807_4b50);
    b.put_u32_le(crc);
    if zip64 {
        b.put_u64_le(size);
        b.put_u64_le(size);
    } else {
        b.put_u32_le(size as u32);
        b.put_u32_le(size as u32);
    }
    b.freeze()
}

fn is_zip64(entry: &ZipEntry) -> bool {
    entry.size >= CLASSIC_MAX
}

fn local_header_len(entry: &ZipEntry) -> u64 {
    30 + entry.name.len() as u64 + if is_zip64(entry) { 20 } else { 0 }
}

fn local_header(entry: &ZipEntry, time: u16, date: u16) -> Bytes {
    let zip64 = is_zip64(entry);
    let mut b = BytesMut::with_capacity(local_header_len(entry) as usize);
    b.put_u32_le(0x0403_4b50);
    b.put_u16_le(if zip64 { 45 } else { 20 });
    let known = entry.crc32.is_some();
    b.put_u16_le(flags(!known));
    b.put_u16_le(0); // stored
    b.put_u16_le(time);
    b.put_u16_le(date);
    // Without a known CRC, CRC and sizes are zero here and follow in the descriptor.
    b.put_u32_le(entry.crc32.unwrap_or(0));
    let size32 = match (zip64, known) {
        (true, _) => 0xFFFF_FFFF,
        (false, true) => entry.size as u32,
        (false, false) => 0,
    };
    b.put_u32_le(size32);
    b.put_u32_le(size32);
    b.put_u16_le(entry.name.len() as u16);
    b.put_u16_le(if zip64 { 20 } else { 0 });
    b.put_slice(entry.name.as_bytes());
    if zip64 {
        let size = if known { entry.size } else { 0 };
        b.put_u16_le(0x0001);
        b.put_u16_le(16);
        b.put_u64_le(size);
        b.put_u64_le(size);
    }
    b.freeze()
}

fn central_directory(entries: &[Central], start: u64) -> Bytes {
    let mut b = BytesMut::new();
    for e in entries {
        let big_size = e.size >= CLASSIC_MAX;
        let big_offset = e.offset >= CLASSIC_MAX;
        let mut extra = BytesMut::new();
        if big_size {
            extra.put_u64_le(e.size);
            extra.put_u64_le(e.size);
        }
        if big_offset {
            extra.put_u64_le(e.offset);
        }
        let extra_len = if extra.is_empty() { 0 } else { extra.len() + 4 };
        b.put_u32_le(0x0201_4b50);
        b.put_u16_le(0x0300 | 45); // made by: Unix, 4.5
        b.put_u16_le(if big_size || big_offset { 45 } else { 20 });
        b.put_u16_le(flags(e.descriptor));
        b.put_u16_le(0);
        b.put_u16_le(e.time);
        b.put_u16_le(e.date);
        b.put_u32_le(e.crc);
        let size32 = if big_size { 0xFFFF_FFFF } else { e.size as u32 };
        b.put_u32_le(size32);
        b.put_u32_le(size32);
        b.put_u16_le(e.name.len() as u16);
        b.put_u16_le(extra_len as u16);
        b.put_u16_le(0); // comment
        b.put_u16_le(0); // disk
        b.put_u16_le(0); // internal attributes
        b.put_u32_le(0o100644 << 16); // a regular file, rw-r--r--
        b.put_u32_le(if big_offset {
            0xFFFF_FFFF
        } else {
            e.offset as u32
        });
        b.put_slice(e.name.as_bytes());
        if !extra.is_empty() {
            b.put_u16_le(0x0001);
            b.put_u16_le(extra.len() as u16);
            b.put_slice(&extra);
        }
    }
    let size = b.len() as u64;
    let count = entries.len() as u64;
    if count >= 0xFFFF || size >= CLASSIC_MAX || start >= CLASSIC_MAX {
        let record_at = start + size;
        b.put_u32_le(0x0606_4b50);
        b.put_u64_le(44);
        b.put_u16_le(0x0300 | 45);
        b.put_u16_le(45);
        b.put_u32_le(0);
        b.put_u32_le(0);
        b.put_u64_le(count);
        b.put_u64_le(count);
        b.put_u64_le(size);
        b.put_u64_le(start);
        b.put_u32_le(0x0706_4b50);
        b.put_u32_le(0);
        b.put_u64_le(record_at);
        b.put_u32_le(1);
    }
    b.put_u32_le(0x0605_4b50);
    b.put_u16_le(0);
    b.put_u16_le(0);
    let count16 = count.min(0xFFFF) as u16;
    b.put_u16_le(count16);
    b.put_u16_le(count16);
    b.put_u32_le(size.min(CLASSIC_MAX) as u32);
    b.put_u32_le(start.min(CLASSIC_MAX) as u32);
    b.put_u16_le(0);
    b.freeze()
}

/// MS-DOS time and date (UTC; ZIP has no zone), clamped to the format's 1980–2107.
fn dos_time(ms: i64) -> (u16, u16) {
    let secs = ms.div_euclid(1000).max(315_532_800); // 1980-01-01
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let y = y.clamp(1980, 2107);
    let time = ((rest / 3600) << 11) | (((rest % 3600) / 60) << 5) | ((rest % 60) / 2);
    let date = ((y - 1980) << 9) | (m << 5) | d;
    (time as u16, date as u16)
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_dos_dates() {
        // 2024-02-29 13:45:30 UTC
        let (time, date) = dos_time(1_709_214_330_000);
        assert_eq!(date >> 9, 2024 - 1980);
        assert_eq!((date >> 5) & 0xF, 2);
        assert_eq!(date & 0x1F, 29);
        assert_eq!(time >> 11, 13);
        assert_eq!((time >> 5) & 0x3F, 45);
        assert_eq!(time & 0x1F, 15);
    }

    #[test]
    fn headers_are_as_long_as_planned() {
        for size in [0, 5, CLASSIC_MAX, CLASSIC_MAX + 1] {
            let entry = ZipEntry {
                name: "02 Mixing/Über.wav".into(),
                size,
                crc32: Some(7),
                modified_ms: 0,
                backend: Backend::Filesystem,
                key: StorageKey::new("projects/p/x".to_string()).unwrap(),
            };
            let header = local_header(&entry, 0, 0);
            assert_eq!(header.len() as u64, local_header_len(&entry), "{size}");
            assert_eq!(
                u16::from_le_bytes([header[6], header[7]]) & 0x8,
                0,
                "no descriptor"
            );
            assert_eq!(descriptor_len(&entry), 0);
            let legacy = ZipEntry {
                crc32: None,
                ..entry
            };
            let header = local_header(&legacy, 0, 0);
            assert_eq!(header.len() as u64, local_header_len(&legacy));
            assert_eq!(u16::from_le_bytes([header[6], header[7]]) & 0x8, 0x8);
            let descriptor = data_descriptor(7, size, is_zip64(&legacy));
            assert_eq!(descriptor.len() as u64, descriptor_len(&legacy));
        }
    }
}
