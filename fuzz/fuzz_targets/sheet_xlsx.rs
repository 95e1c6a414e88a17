#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jieshui_fuzz::harness::sheet_xlsx(data);
});
