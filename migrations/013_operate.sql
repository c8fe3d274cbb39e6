-- Issue 28: a picture's ETag is stored with it, so a revalidation (If-None-Match → 304) is
-- answered without reading or hashing its bytes (it cost 45–98 ms on a 5 MiB picture). The
-- database computes it, for the rows already there and for every insert, so no writer can store
-- bytes with another hash: the quoted base64url of the bytes' SHA-256, as etagOf in
-- src/catalog/image.ts computes it (test/catalog/image-store.test.ts holds the two to one value).
ALTER TABLE images
  ADD COLUMN etag text NOT NULL
  GENERATED ALWAYS AS ('"' || translate(rtrim(encode(sha256(bytes), 'base64'), '='), '+/', '-_') || '"') STORED;
