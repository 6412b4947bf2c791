package io.sluice.transport.internal.dtls;

/**
 * Which side of the DTLS handshake we take (RFC 5763 §5): the SDP {@code a=setup} attribute
 * decides, {@code active} being the DTLS client.
 */
public enum DtlsRole {
  /** We send the ClientHello: {@code a=setup:active} (relays, the load tool). */
  CLIENT,
  /** We wait for the ClientHello: {@code a=setup:passive} (browsers offering {@code actpass}). */
  SERVER
}
