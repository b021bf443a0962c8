-- Labbook SQL store, schema version 5 (H2 only): functions that read a document path from the
-- exact text of a document, so conditions and sorts on document paths run in SQL as they do on
-- PostgreSQL (which reads its jsonb twin and needs no version 5). They are Java methods of the
-- store (dev.labbook.store.sql.H2Functions); each returns one part of a value's place in the
-- query evaluator's total order: kind rank, class within the kind, exact number, string in
-- code-point order. The path is a JSON array of keys. LB_CODE_POINTS re-encodes a string so
-- that H2's order (UTF-16 units) is code-point order, for the string columns as well.

CREATE ALIAS LB_RANK DETERMINISTIC FOR "dev.labbook.store.sql.H2Functions.rank";
CREATE ALIAS LB_SUB DETERMINISTIC FOR "dev.labbook.store.sql.H2Functions.sub";
CREATE ALIAS LB_NUM DETERMINISTIC FOR "dev.labbook.store.sql.H2Functions.num";
CREATE ALIAS LB_STR DETERMINISTIC FOR "dev.labbook.store.sql.H2Functions.str";
CREATE ALIAS LB_PRESENT DETERMINISTIC FOR "dev.labbook.store.sql.H2Functions.present";
CREATE ALIAS LB_ARRAY_CONTAINS DETERMINISTIC FOR "dev.labbook.store.sql.H2Functions.arrayContains";
CREATE ALIAS LB_CODE_POINTS DETERMINISTIC FOR "dev.labbook.store.sql.H2Functions.codePointOrder";
