//! The 5 KB lyric the lyric benchmarks run on (natively and in wasm32): headers, smart quotes,
//! trailing spaces, Windows line ends and blank-line runs, so every default rule has work.

pub fn lyric_5k() -> String {
    let block = "**Verse 1:**  \r\nI\u{2019}ve been walking down the \u{201C}empty\u{201D} road   \r\nCounting every light that fades\u{2014}one by one\r\n\r\n\r\n\r\n[Chorus]\r\nSing it loud, sing it long  \r\n";
    block.repeat(5 * 1024 / block.len() + 1)
}
