// The scoring protocol.
