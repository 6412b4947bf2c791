/**
 * SRTP and SRTCP (RFC 3711) with the AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM (RFC 7714)
 * profiles, over Netty {@code ByteBuf}s, using jitsi-srtp for the per-SSRC cryptographic contexts.
 */
@NullMarked
package io.sluice.transport.internal.srtp;

import org.jspecify.annotations.NullMarked;
