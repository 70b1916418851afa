-- One database per service; the image creates "registry" itself.
CREATE DATABASE ledger OWNER registry;
CREATE DATABASE reporting OWNER registry;
