package io.sluice.transport.stun;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the reflexive transport address, XOR'ed with the magic
 * cookie (and, for IPv6, the transaction ID) so that NAT ALGs do not rewrite it.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                X-Address (Variable)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>X-Port is the port XOR the top 16 bits of the magic cookie. An IPv4 X-Address is the address
 * XOR the magic cookie; an IPv6 one is the address XOR the magic cookie followed by the 96-bit
 * transaction ID, which are exactly the 16 header bytes at offset 4.
 */
final class XorMappedAddress {
  static final int FAMILY_IPV4 = 0x01;
  static final int FAMILY_IPV6 = 0x02;

  private XorMappedAddress() {}

  /** Value length for an address of {@code ipLength} bytes (4 or 16). */
  static int valueLength(int ipLength) {
    return 4 + ipLength;
  }

  /**
   * Writes the value (not the attribute header) at the writer index of {@code out}. The message
   * header, with its transaction ID, must already be at {@code messageStart} in {@code out}.
   * Borrows {@code out}; allocates nothing.
   *
   * @param ip the raw address, 4 bytes (IPv4) or 16 bytes (IPv6)
   */
  static void write(ByteBuf out, int messageStart, byte[] ip, int port) {
    if (ip.length != 4 && ip.length != 16) {
      throw new IllegalArgumentException(
          "XOR-MAPPED-ADDRESS: " + ip.length + "-byte address (expected: 4 or 16 bytes)");
    }
    out.writeByte(0);
    out.writeByte(ip.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6);
    out.writeShort(port ^ (StunMessage.MAGIC_COOKIE >>> 16));
    for (int i = 0; i < ip.length; i++) {
      // Byte i of (magic cookie || transaction ID) is header byte 4 + i.
      out.writeByte(ip[i] ^ out.getByte(messageStart + 4 + i));
    }
  }

  /**
   * Decodes a value that {@link StunMessage} has validated (family 1 with 8 bytes, or family 2
   * with 20). Borrows {@code buf}. Allocates the address.
   */
  static InetSocketAddress read(ByteBuf buf, int messageStart, int valueIndex) {
    int family = buf.getUnsignedByte(valueIndex + 1);
    int port = buf.getUnsignedShort(valueIndex + 2) ^ (StunMessage.MAGIC_COOKIE >>> 16);
    byte[] ip = new byte[family == FAMILY_IPV4 ? 4 : 16];
    for (int i = 0; i < ip.length; i++) {
      ip[i] = (byte) (buf.getByte(valueIndex + 4 + i) ^ buf.getByte(messageStart + 4 + i));
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always a valid address", e);
    }
  }
}
