-- 012: verification image thumbnails (issue 13, R-STF-2): a shrunk copy of
-- each image, made when it is given and sealed like the file (SPEC §7), so
-- that staff see a preview without decoding a 10 MB image. NULL for a PDF,
-- and for files given before this migration (the preview then decodes the
-- file).
ALTER TABLE kyc_files ADD COLUMN thumb_sealed BLOB;
