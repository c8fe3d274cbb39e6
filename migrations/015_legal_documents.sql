-- Issue 27: invoices as legal documents, credit notes, and their PDFs.

-- The invoice's legal document (seller, buyer, per-line and per-rate figures), fixed at issue.
-- Invoices issued before this migration keep null: theirs is built at their first PDF render.
ALTER TABLE invoices ADD COLUMN document jsonb;

-- Credit notes (factures d'avoir): their own gapless series per year, AV-<year>-<6 digits>.
CREATE TABLE credit_note_counters (
  year        integer PRIMARY KEY,
  last_number integer NOT NULL
);

CREATE TABLE credit_notes (
  id           text PRIMARY KEY,
  seq          bigserial NOT NULL UNIQUE,
  number       text NOT NULL UNIQUE,
  order_id     text NOT NULL REFERENCES orders (id),
  invoice_id   text NOT NULL REFERENCES invoices (id),
  total_cents  bigint NOT NULL CHECK (total_cents > 0),
  issued_at    timestamptz NOT NULL,
  document     jsonb NOT NULL
);
CREATE INDEX credit_notes_order ON credit_notes (order_id, seq);

-- A document's PDF, stored at its first render with its SHA-256: every download sends these bytes.
CREATE TABLE legal_pdfs (
  document_id text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  pdf         bytea NOT NULL,
  sha256      text NOT NULL,
  -- The document as rendered (for an invoice issued before its document existed).
  document    jsonb NOT NULL,
  rendered_at timestamptz NOT NULL
);

-- Kept at least ten years and never edited (CGI L102 B, Code de commerce L123-22): the database
-- itself refuses to change or delete an issued document, whatever code runs against it.
CREATE OR REPLACE FUNCTION legal_documents_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an issued legal document (%) cannot be %', TG_TABLE_NAME, lower(TG_OP)
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION legal_documents_are_immutable();
CREATE TRIGGER credit_notes_immutable BEFORE UPDATE OR DELETE ON credit_notes
  FOR EACH ROW EXECUTE FUNCTION legal_documents_are_immutable();
CREATE TRIGGER legal_pdfs_immutable BEFORE UPDATE OR DELETE ON legal_pdfs
  FOR EACH ROW EXECUTE FUNCTION legal_documents_are_immutable();
