# SPDX-License-Identifier: GPL-2.0
"""Queue 0 of an emulated ixgbe port in MAC loopback under QEMU's qtest
accelerator (tests/lib/qtest.py): Tx descriptors and frames written into
guest memory, sent by a write of TDT, and the Rx write-backs and data
read back. The registers, bits and descriptor formats are written out
from Intel's datasheets (82599, and the 82598's before it), not read from
the model's headers."""

import struct

import qtest

CTRL, CTRL_RST = 0x00000, 1 << 26
# Registers (queue 0)
RDBAL, RDBAH, RDLEN, RDH, SRRCTL, RDT, RXDCTL = (
    0x01000, 0x01004, 0x01008, 0x01010, 0x01014, 0x01018, 0x01028)
TDBAL, TDBAH, TDLEN, TDH, TDT, TXDCTL = (
    0x06000, 0x06004, 0x06008, 0x06010, 0x06018, 0x06028)
RXCTRL, FCTRL, HLREG0, DMATXCTL, VLNCTRL = (
    0x03000, 0x05080, 0x04240, 0x04A80, 0x05088)
QUEUE_ENABLE = 1 << 25
RXDCTL_VME = 1 << 30
SRRCTL_ADVANCED = 1 << 25       # DESCTYPE 001: advanced, one buffer
RXCTRL_RXEN = 1
FCTRL_UPE_BAM = 0x600
HLREG0_LPBK_RXCRCSTRP = 0x8002
DMATXCTL_TE = 1
PCI_COMMAND_MEMORY_MASTER = 0x6
# Rx write-back status
DD, EOP = 0x1, 0x2

# Tx descriptors
CMD_EOP, CMD_IFCS, CMD_IC, CMD_RS = 1 << 24, 1 << 25, 1 << 26, 1 << 27
CMD_DEXT, CMD_VLE, CMD_TSE = 1 << 29, 1 << 30, 1 << 31
DTYP_CONTEXT, DTYP_DATA = 2 << 20, 3 << 20
POPTS_IXSM, POPTS_TXSM = 1 << 8, 1 << 9
TUCMD_IPV4, L4T_UDP, L4T_TCP, L4T_SCTP = 1 << 10, 0 << 11, 1 << 11, 2 << 11
PAYLEN_SHIFT = 14

# Guest memory: the rings (8 descriptors each) and 4 KiB buffers
TX_RING, RX_RING = 0x100000, 0x101000
TX_BUF, RX_BUF = 0x110000, 0x120000
RING_SIZE = 8


class Loopback:
    """Queue 0 of one port in MAC loopback: Tx descriptors in, the Rx
    write-back and buffer out."""

    def __init__(self, nic):
        self.nic = nic
        self.legacy = False

    def setup(self, legacy=False, vme=False, rx_buf_kib=2):
        nic = self.nic
        self.legacy = legacy
        nic.config_write(qtest.PCI_COMMAND, PCI_COMMAND_MEMORY_MASTER, 2)
        for reg, value in ((TXDCTL, 0), (RXDCTL, 0),
                           (TDBAL, TX_RING), (TDBAH, 0),
                           (TDLEN, RING_SIZE * 16), (TDH, 0), (TDT, 0),
                           (RDBAL, RX_RING), (RDBAH, 0),
                           (RDLEN, RING_SIZE * 16), (RDH, 0), (RDT, 0),
                           (SRRCTL, rx_buf_kib |
                            (0 if legacy else SRRCTL_ADVANCED)),
                           (FCTRL, FCTRL_UPE_BAM),
                           (HLREG0, HLREG0_LPBK_RXCRCSTRP),
                           (DMATXCTL, nic.readl(DMATXCTL) | DMATXCTL_TE),
                           (RXCTRL, RXCTRL_RXEN),
                           (TXDCTL, QUEUE_ENABLE),
                           (RXDCTL, QUEUE_ENABLE | (RXDCTL_VME if vme
                                                    else 0))):
            nic.writel(reg, value)
        for i in range(RING_SIZE):
            nic.memwrite(RX_RING + 16 * i,
                         struct.pack('<QQ', RX_BUF + 0x1000 * i, 0))
            nic.memwrite(RX_BUF + 0x1000 * i, bytes(64))
        nic.writel(RDT, RING_SIZE - 1)

    def post(self, descs):
        """Descriptors into the Tx ring from slot 0, and TDT past them"""
        for i, d in enumerate(descs):
            self.nic.memwrite(TX_RING + 16 * i, d)
        self.nic.writel(TDT, len(descs))

    def receive(self):
        """The Rx write-backs of the frame in the ring from slot 0 (one per
        buffer, to EOP) and its data"""
        frames = self.receive_frames()
        return frames[0] if frames else ([], b'')

    def receive_frames(self):
        """Every frame in the ring from slot 0: (write-backs, data) each"""
        frames, wbs, data = [], [], b''
        for i in range(RING_SIZE - 1):
            wb = self.nic.memread(RX_RING + 16 * i, 16)
            f = legacy_wb(wb) if self.legacy else advanced_wb(wb)
            if not f['status'] & DD:
                break
            wbs.append(wb)
            if f['length']:
                data += self.nic.memread(RX_BUF + 0x1000 * i, f['length'])
            if f['status'] & EOP:
                frames.append((wbs, data))
                wbs, data = [], b''
        if wbs:
            frames.append((wbs, data))
        return frames

    def send(self, descs):
        self.post(descs)
        return self.receive()

    def tx_desc(self, slot):
        return self.nic.memread(TX_RING + 16 * slot, 16)


def buffer(frame, at=0):
    """A Tx buffer of frame, at slot at"""
    return TX_BUF + 0x1000 * at, frame


def data_desc(addr, length, cmd=0, olinfo=0, eop=True):
    return struct.pack('<QII', addr, length | DTYP_DATA | CMD_DEXT |
                       CMD_IFCS | CMD_RS | (CMD_EOP if eop else 0) | cmd,
                       olinfo)


def context_desc(maclen, iplen, tucmd, idx=0, vlan=0, l4len=0, mss=0):
    return struct.pack('<IIII', iplen | maclen << 9 | vlan << 16, 0,
                       DTYP_CONTEXT | CMD_DEXT | tucmd,
                       idx << 4 | l4len << 8 | mss << 16)


def legacy_desc(addr, length, cmd=0, cso=0, css=0, vlan=0, eop=True):
    return struct.pack('<QII', addr, length | cso << 16 | CMD_IFCS |
                       (CMD_EOP | CMD_RS if eop else 0) | cmd,
                       css << 8 | vlan << 16)


def send_frame(loop, frame, cmd=0, olinfo=0, before=(), wait=True):
    """The frame in one data descriptor after BEFORE; unless not WAIT,
    what comes back (Loopback.receive)"""
    addr, data = buffer(frame)
    loop.nic.memwrite(addr, data)
    descs = list(before) + [data_desc(addr, len(data), cmd, olinfo)]
    if not wait:
        loop.post(descs)
        return None
    return loop.send(descs)


def advanced_wb(wb):
    dw0, _, status_error, dw3 = struct.unpack('<IIII', wb)
    return {'ptype': dw0 >> 4 & 0x1FFF, 'status': status_error & 0xFFFFF,
            'errors': status_error & 0xFFF00000, 'length': dw3 & 0xFFFF,
            'vlan': dw3 >> 16}


def legacy_wb(wb):
    addr, length, _, status, errors, vlan = struct.unpack('<QHHBBH', wb)
    return {'addr': addr, 'length': length, 'status': status,
            'errors': errors << 24, 'vlan': vlan}


def wb_text(f):
    return ', '.join(f'{k} {v:#x}' for k, v in f.items())
