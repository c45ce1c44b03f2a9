/*
 * Intel 82599, X540 and X550 10GbE emulation: the core.
 *
 * What is modelled is what the Linux ixgbe driver needs to probe the NIC,
 * bring its link up, pass traffic on queue 0 and run its whole ethtool
 * self-test: reset, the EEPROM with a valid checksum and the MAC address
 * (read through EERD, or on the X550 through the firmware's host
 * interface), the software/firmware semaphores, the copper parts' PHY on
 * MDIO (ixgbe_mdio_phy.c), link status (the backend's, or forced up for
 * MAC loopback; no Tx without it), interrupt
 * cause/mask (auto-clear and auto-mask under MSI-X) over MSI-X, MSI or INTx,
 * Tx queues in the legacy and advanced descriptor formats (IPv4, TCP and
 * UDP checksum and SCTP CRC insertion, TCP and UDP segmentation, two
 * contexts a queue, VLAN tag insertion, DD on RS), Rx queue 0 in the
 * legacy and advanced one-buffer formats (length, DD, EOP, packet type,
 * IPv4/TCP/UDP checksum and SCTP CRC status and errors, VLAN tag and
 * strip), CRC strip, MAC loopback and the receive filter.
 *
 * Not modelled, each a register that reads back as written: RSS, VMDq and
 * SR-IOV pools, Flow Director, DCB, FCoE, IPsec, MACsec, PTP, header
 * split, VLAN filtering, flow control, interrupt moderation
 * (EITR), packet buffer sizing, the manageability firmware (but for the
 * X550's host interface commands the driver needs: NVM read, Rx disable,
 * driver version). Every frame is received on queue 0. The statistics
 * counted are the good, total and per-queue frames and octets and the missed
 * frames (a frame with no free descriptor in MAC loopback, or larger than
 * the ring); the other counters read 0. ixgbe_stored_regs[] lists the
 * registers stored without effect; any other register reads 0 and drops what
 * is written, as QEMU's e1000e does, logged (-d unimp) and traced
 * (ixgbe_reg_unknown_*): a driver that writes where it should not finds
 * nothing there.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/crc32c.h"
#include "qemu/log.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "net/checksum.h"
#include "net/eth.h"
#include "sysemu/dma.h"
#include <zlib.h>
#include "ixgbe_core.h"
#include "trace.h"

#define IXGBE_FCS_LEN           4
#define REG(core, off)          ((core)->regs[(off) >> 2])

/*
 * EEPROM layout (82599 datasheet, section 6; the X540's and X550's NVM
 * shadow RAM has the same words): the words the driver reads, and the
 * blocks a part's NVM has beside the LAN core modules (a PHY module, an
 * option ROM, a firmware module; the X550's analog block), each a length
 * word and that many words. Each part's checksum covers other blocks (see
 * ixgbe_eeprom_checksum()), so each kind has its own checksum word.
 */
#define EE_WORDS_LOG2_SIZE      3       /* EEC size field: 64 << 3 words */
#define EE_ANALOG_PTR_X550      0x02
#define EE_ANALOG_PTR           0x03
#define EE_PHY_PTR              0x04
#define EE_OPTION_ROM_PTR       0x05
#define EE_LAN0_PTR             0x09    /* LAN core 0 module */
#define EE_LAN1_PTR             0x0A
#define EE_FW_PTR               0x0F
#define EE_PBA0                 0x15
#define EE_PBA1                 0x16
#define EE_SAN_MAC_PTR          0x28
#define EE_ALT_SAN_MAC_PTR      0x37
#define EE_ETRACK_LOW           0x2D    /* ethtool -i firmware-version */
#define EE_ETRACK_HIGH          0x2E
#define EE_ETRACK_ID            0x800001BEu
#define EE_CHECKSUM             0x3F
#define EE_CHECKSUM_SUM         0xBABA
#define EE_X550_LAST_SUMMED     0x41
#define EE_LAN0_MODULE          0x50
#define EE_LAN1_MODULE          0x58
#define EE_LAN_MODULE_WORDS     4       /* length, 3 words of MAC address */
#define EE_PHY_MODULE           0x60
#define EE_OPTION_ROM           0x68
#define EE_FW_MODULE            0x70
#define EE_ANALOG_X550          0x7C
#define EE_BLOCK_WORDS          8       /* length and 7 words */
/* The firmware module's pointers to its LESM and pass-through blocks */
#define EE_FW_LESM_PTR          2
#define EE_FW_PASSTHROUGH_PTR   4

static void ixgbe_update_irq(IxgbeCore *core);
static void ixgbe_set_loopback(IxgbeCore *core, bool on);
static void ixgbe_tx_all_queues(IxgbeCore *core);

static int ixgbe_lan_id(IxgbeCore *core)
{
    return PCI_FUNC(core->owner->devfn) & 1;
}

/*
 * A block the checksum follows through pointer word i: its length word
 * and that many words, or nothing for a pointer or length of 0 or 0xFFFF
 * or a block past the end
 */
static uint16_t ixgbe_eeprom_block_sum(const uint16_t *ee, int i)
{
    uint16_t ptr = ee[i], len, sum = 0;

    if (ptr == 0 || ptr == 0xffff || ptr >= IXGBE_EEPROM_WORDS) {
        return 0;
    }
    len = ee[ptr];
    if (len == 0 || len == 0xffff || ptr + len >= IXGBE_EEPROM_WORDS) {
        return 0;
    }
    for (int j = ptr + 1; j <= ptr + len; j++) {
        sum += ee[j];
    }
    return sum;
}

/*
 * The checksum word that makes the sum 0xBABA as the part sums: words
 * 0x00-0x3F (the X550: to 0x41) and the blocks of pointers 0x03-0x0E
 * (the X550: from 0x02), where the X540 and X550 leave out the PHY module
 * and the option ROM, and none the firmware module. The X550 sums its
 * PCIe general and configuration blocks (pointers 0x06-0x08) by fixed
 * sizes; this image has none.
 */
static uint16_t ixgbe_eeprom_checksum(const uint16_t *ee, IxgbeMac mac)
{
    int last = mac == IXGBE_MAC_X550 ? EE_X550_LAST_SUMMED : EE_CHECKSUM;
    int first_ptr = mac == IXGBE_MAC_X550 ? EE_ANALOG_PTR_X550
                                          : EE_ANALOG_PTR;
    uint16_t sum = 0;

    for (int i = 0; i <= last; i++) {
        if (i != EE_CHECKSUM) {
            sum += ee[i];
        }
    }
    for (int i = first_ptr; i < EE_FW_PTR; i++) {
        if (mac != IXGBE_MAC_82599 &&
            (i == EE_PHY_PTR || i == EE_OPTION_ROM_PTR)) {
            continue;
        }
        sum += ixgbe_eeprom_block_sum(ee, i);
    }
    return EE_CHECKSUM_SUM - sum;
}

/*
 * A block of EE_BLOCK_WORDS at ptr, from pointer word i: its length, then
 * words a reader can tell from another block's
 */
static void ixgbe_eeprom_block(uint16_t *ee, int i, uint16_t ptr)
{
    ee[i] = ptr;
    ee[ptr] = EE_BLOCK_WORDS - 1;
    for (int j = 1; j < EE_BLOCK_WORDS; j++) {
        ee[ptr + j] = i << 8 | j;
    }
}

static void ixgbe_eeprom_init(IxgbeCore *core)
{
    uint16_t *ee = core->eeprom;
    const uint8_t *mac = core->permanent_mac;
    int i, port;

    /* No other pointer to follow, nothing in words 0x40-0x41 */
    memset(ee, 0xff, sizeof(core->eeprom));
    for (i = EE_CHECKSUM + 1; i <= EE_X550_LAST_SUMMED; i++) {
        ee[i] = 0x0000;
    }
    ee[0x00] = 0x0000;              /* EEPROM control word 1 */
    ee[EE_PBA0] = 0x1234;           /* PBA number in the legacy format */
    ee[EE_PBA1] = 0x5678;
    ee[EE_SAN_MAC_PTR] = 0xffff;    /* no SAN MAC address */
    ee[EE_ALT_SAN_MAC_PTR] = 0xffff;
    /* Bit 15 of word 0x2E clear: word 0x2D holds the version's high half */
    ee[EE_ETRACK_LOW] = EE_ETRACK_ID >> 16;
    ee[EE_ETRACK_HIGH] = EE_ETRACK_ID & 0xffff;
    ee[EE_LAN0_PTR] = EE_LAN0_MODULE;
    ee[EE_LAN1_PTR] = EE_LAN1_MODULE;
    /* One EEPROM for both ports: the other port's address is next to ours */
    for (port = 0; port < 2; port++) {
        uint16_t *module = &ee[port ? EE_LAN1_MODULE : EE_LAN0_MODULE];

        module[0] = EE_LAN_MODULE_WORDS - 1;
        module[1] = mac[0] | mac[1] << 8;
        module[2] = mac[2] | mac[3] << 8;
        module[3] = mac[4] | (uint8_t)(mac[5] + port - ixgbe_lan_id(core)) << 8;
    }
    ixgbe_eeprom_block(ee, EE_PHY_PTR, EE_PHY_MODULE);
    ixgbe_eeprom_block(ee, EE_OPTION_ROM_PTR, EE_OPTION_ROM);
    /*
     * The firmware module without LESM (Linux's 82599 code reads its
     * state there) or pass-through patch blocks
     */
    ixgbe_eeprom_block(ee, EE_FW_PTR, EE_FW_MODULE);
    ee[EE_FW_MODULE + EE_FW_LESM_PTR] = 0xffff;
    ee[EE_FW_MODULE + EE_FW_PASSTHROUGH_PTR] = 0xffff;
    if (core->variant->mac == IXGBE_MAC_X550) {
        ixgbe_eeprom_block(ee, EE_ANALOG_PTR_X550, EE_ANALOG_X550);
    }
    ee[EE_CHECKSUM] = ixgbe_eeprom_checksum(ee, core->variant->mac);
}

/* What the hardware loads from the EEPROM at reset into RAR[0] */
static void ixgbe_load_rar0(IxgbeCore *core)
{
    uint16_t ptr = ixgbe_lan_id(core) ? EE_LAN1_PTR : EE_LAN0_PTR;
    const uint16_t *module = &core->eeprom[core->eeprom[ptr]];

    REG(core, IXGBE_RAL(0)) = module[1] | (uint32_t)module[2] << 16;
    REG(core, IXGBE_RAH(0)) = module[3] | IXGBE_RAH_AV;
}

static bool ixgbe_is_x5xx(IxgbeCore *core)
{
    return core->variant->mac != IXGBE_MAC_82599;
}

/* The wire's frames reach the MAC through a PHY that is not in low power */
static bool ixgbe_wire_up(IxgbeCore *core)
{
    return core->link_up && !ixgbe_phy_low_power(&core->phy);
}

/*
 * The device entered (ixgbe_core.h, in_device); returns whether it was
 * already, for ixgbe_core_leave() to leave it so.
 */
bool ixgbe_core_enter(IxgbeCore *core)
{
    bool was_in = core->in_device;

    core->in_device = true;
    return was_in;
}

void ixgbe_core_leave(IxgbeCore *core, bool was_in)
{
    core->in_device = was_in;
}

void ixgbe_core_reset(IxgbeCore *core)
{
    trace_ixgbe_reset();
    ixgbe_set_loopback(core, false);
    core->faults.stalled = false;
    memset(core->regs, 0, sizeof(core->regs));
    core->queue_cause = core->queue_mask = core->queue_signalled = 0;
    core->other_cause = core->other_mask = core->other_signalled = 0;
    core->msi_signalled = 0;
    core->tx_started = false;
    memset(core->tx_ctx, 0, sizeof(core->tx_ctx));

    REG(core, IXGBE_EEC) = IXGBE_EEC_PRES | IXGBE_EEC_ARD |
                           EE_WORDS_LOG2_SIZE << IXGBE_EEC_SIZE_SHIFT;
    REG(core, IXGBE_RDRXCTL) = IXGBE_RDRXCTL_DMAIDONE;
    for (int q = 0; q < IXGBE_SRRCTL_COUNT; q++) {
        REG(core, IXGBE_SRRCTL(q)) = IXGBE_SRRCTL_RESET;
    }
    REG(core, IXGBE_VLNCTRL) = IXGBE_VLNCTRL_RESET;
    REG(core, IXGBE_DMATXCTL) = IXGBE_DMATXCTL_RESET;
    REG(core, IXGBE_DTXTCPFLGL) = IXGBE_DTXTCPFLGL_RESET;
    REG(core, IXGBE_DTXTCPFLGH) = IXGBE_DTXTCPFLGH_RESET;
    /* As the NVM says, which a test can change (ixgbe_fault.h) */
    REG(core, IXGBE_HLREG0) = core->faults.nvm & IXGBE_NVM_KEEP_FCS ?
                              0 : IXGBE_HLREG0_RXCRCSTRP;
    REG(core, IXGBE_AUTOC) = core->faults.nvm & IXGBE_NVM_AUTOC_ZERO ?
                             0 : IXGBE_AUTOC_DEFAULT;
    REG(core, IXGBE_RXPBSIZE(0)) = ixgbe_is_x5xx(core) ?
                                   IXGBE_RXPBSIZE_384K : IXGBE_RXPBSIZE_512K;
    ixgbe_load_rar0(core);
    /*
     * FLU is clear: the link is the backend's through the PHY, which keeps
     * its registers; no change to report
     */
    core->mac_link = ixgbe_wire_up(core);
    pci_set_irq(core->owner, 0);
}

/* Interrupts */

static int ixgbe_ivar_vector(IxgbeCore *core, uint32_t ivar, int shift)
{
    uint8_t entry = ivar >> shift;

    return entry & IXGBE_IVAR_VALID ? entry & IXGBE_IVAR_VECTOR_MASK : -1;
}

/* A queue's cause sets the EICR bit of the vector IVAR maps it to. */
static void ixgbe_queue_event(IxgbeCore *core, int q, bool tx)
{
    int vector = ixgbe_ivar_vector(core, REG(core, IXGBE_IVAR(q / 2)),
                                   (q & 1) * 16 + (tx ? 8 : 0));

    if (vector >= 0) {
        core->queue_cause |= BIT_ULL(vector);
        ixgbe_update_irq(core);
    }
}

static void ixgbe_other_event(IxgbeCore *core, uint32_t cause)
{
    core->other_cause |= cause;
    ixgbe_update_irq(core);
}

static uint64_t ixgbe_ex_bits(uint32_t val, int n)
{
    return (uint64_t)val << (32 * n);
}

/* A masked cause is signalled again when it is unmasked pending */
static void ixgbe_mask_queues(IxgbeCore *core, uint64_t q, bool set)
{
    if (set) {
        core->queue_mask |= q;
    } else {
        core->queue_mask &= ~q;
        core->queue_signalled &= ~q;
    }
}

/* EIMS and EIMC: the queue causes in bits 0-15, the other causes above */
static void ixgbe_mask_bits(IxgbeCore *core, uint32_t bits, bool set)
{
    uint32_t o = bits & ~IXGBE_EICR_QUEUES;

    ixgbe_mask_queues(core, bits & IXGBE_EICR_QUEUES, set);
    if (set) {
        core->other_mask |= o;
    } else {
        core->other_mask &= ~o;
        core->other_signalled &= ~o;
    }
}

/* What went out says nothing once the mode changed or QEMU dropped it */
static void ixgbe_forget_signalled(IxgbeCore *core)
{
    core->queue_signalled = core->other_signalled = 0;
    core->msi_signalled = 0;
}

static uint32_t ixgbe_eicr(IxgbeCore *core)
{
    return (core->queue_cause & IXGBE_EICR_QUEUES) | core->other_cause;
}

/*
 * MSI-X with a vector per cause is GPIE's mode as well as the function's:
 * with GPIE.MSIX_MODE clear, EICR reads as under MSI and all its causes
 * share vector 0 (DPDK's PMD runs so until it wants Rx interrupts).
 */
static IxgbeIrqMode ixgbe_irq_mode(IxgbeCore *core)
{
    if (msix_enabled(core->owner)) {
        return REG(core, IXGBE_GPIE) & IXGBE_GPIE_MSIX_MODE ?
               IXGBE_IRQ_MSIX_EACH : IXGBE_IRQ_MSIX_ONE;
    }
    return msi_enabled(core->owner) ? IXGBE_IRQ_MSI : IXGBE_IRQ_INTX;
}

static bool ixgbe_multi_vector(IxgbeCore *core)
{
    return ixgbe_irq_mode(core) == IXGBE_IRQ_MSIX_EACH;
}

static void ixgbe_update_irq(IxgbeCore *core)
{
    PCIDevice *d = core->owner;
    uint32_t gpie = REG(core, IXGBE_GPIE);
    IxgbeIrqMode mode = ixgbe_irq_mode(core);
    uint32_t other;
    int vector;

    /* What went out in another mode says nothing of this one */
    if (mode != core->irq_mode) {
        core->irq_mode = mode;
        ixgbe_forget_signalled(core);
    }
    if (mode != IXGBE_IRQ_MSIX_EACH) {
        uint32_t mask = (core->queue_mask & IXGBE_EICR_QUEUES) |
                        core->other_mask;
        uint32_t asserted = ixgbe_eicr(core) & mask;
        uint32_t fresh = asserted & ~core->msi_signalled;

        if (mode == IXGBE_IRQ_INTX) {
            pci_set_irq(d, !!asserted);
            return;
        }
        /*
         * A message is an edge: one for each unmasked cause that was not
         * pending when the last one went out, none while it stays so.
         * Noted before the message, which may come back here.
         */
        core->msi_signalled = asserted;
        if (fresh && mode == IXGBE_IRQ_MSIX_ONE) {
            trace_ixgbe_irq_msix(0);
            msix_notify(d, 0);
        } else if (fresh) {
            trace_ixgbe_irq_msi(asserted);
            msi_notify(d, 0);
        }
        return;
    }

    /*
     * MSI-X: a message for each vector that became pending and unmasked,
     * none while it stays so. The queue causes auto-clear (EIAC covers
     * vectors 0-15; Linux and DPDK set all of it) and, with GPIE.EIAME,
     * auto-mask as EIAM_EX says, the other causes as EIAM does. The other
     * causes stay set until the driver clears them (GPIE.OCD).
     */
    for (uint64_t pending = core->queue_cause & core->queue_mask &
                            ~core->queue_signalled;
         pending; pending &= pending - 1) {
        int v = ctz64(pending);
        uint64_t bit = BIT_ULL(v);
        uint64_t eiam = ixgbe_ex_bits(REG(core, IXGBE_EIAM_EX(0)), 0) |
                        ixgbe_ex_bits(REG(core, IXGBE_EIAM_EX(1)), 1);

        if (v >= 16 || (REG(core, IXGBE_EIAC) & bit)) {
            core->queue_cause &= ~bit;
        } else {
            core->queue_signalled |= bit;
        }
        if ((gpie & IXGBE_GPIE_EIAME) && (eiam & bit)) {
            ixgbe_mask_queues(core, bit, false);
        }
        trace_ixgbe_irq_msix(v);
        msix_notify(d, v);
    }

    other = core->other_cause & core->other_mask & ~core->other_signalled;
    vector = ixgbe_ivar_vector(core, REG(core, IXGBE_IVAR_MISC), 8);

    if (other && vector >= 0) {
        core->other_signalled |= other;
        if (gpie & IXGBE_GPIE_EIAME) {
            ixgbe_mask_bits(core, other & REG(core, IXGBE_EIAM), false);
        }
        trace_ixgbe_irq_msix(vector);
        msix_notify(d, vector);
    }
}

/*
 * MSI's Message Control was written (MSI turned on or off, its vector
 * masked or not): a cause pending and unmasked gets a message of its own.
 */
void ixgbe_core_msi_changed(IxgbeCore *core)
{
    if (ixgbe_irq_mode(core) == IXGBE_IRQ_MSI) {
        core->msi_signalled = 0;
    }
    ixgbe_update_irq(core);
}

/*
 * MSI-X's Message Control was written: turned on, the causes pending and
 * unmasked are signalled (QEMU keeps a masked message pending itself).
 */
void ixgbe_core_msix_changed(IxgbeCore *core)
{
    ixgbe_update_irq(core);
}

static void ixgbe_clear_causes(IxgbeCore *core, uint32_t bits)
{
    core->queue_cause &= ~(uint64_t)(bits & IXGBE_EICR_QUEUES);
    core->queue_signalled &= core->queue_cause;
    core->other_cause &= ~(bits & ~IXGBE_EICR_QUEUES);
    core->other_signalled &= core->other_cause;
}

static void ixgbe_set_mask(IxgbeCore *core, uint32_t bits, bool set)
{
    ixgbe_mask_bits(core, bits, set);
    ixgbe_update_irq(core);
}

/*
 * EIAM without GPIE.EIAME: a read or write of EICR masks the causes EIAM
 * names, a write of EICS unmasks those of them it sets (Linux without
 * MSI-X sets EIAM to its queue causes). With EIAME the messages mask
 * instead.
 */
static void ixgbe_auto_mask(IxgbeCore *core, uint32_t bits, bool set)
{
    if (!(REG(core, IXGBE_GPIE) & IXGBE_GPIE_EIAME)) {
        ixgbe_mask_bits(core, bits & REG(core, IXGBE_EIAM), set);
    }
}

/* Link */

/*
 * The MAC's link: the backend's through a PHY that is not in low power
 * (the X540's and X550's), or forced up (AUTOC.FLU on the 82599, MACC.FLU
 * on the X540 and X550), as drivers force it for MAC loopback.
 */
static bool ixgbe_mac_link(IxgbeCore *core)
{
    uint32_t flu = ixgbe_is_x5xx(core) ?
                   REG(core, IXGBE_MACC) & IXGBE_MACC_FLU :
                   REG(core, IXGBE_AUTOC) & IXGBE_AUTOC_FLU;

    return ixgbe_wire_up(core) || flu;
}

static uint32_t ixgbe_links(IxgbeCore *core)
{
    if (!core->mac_link) {
        return 0;
    }
    return IXGBE_LINKS_UP | IXGBE_LINKS_SPEED_10G | IXGBE_LINKS_KX_AN_COMP;
}

/*
 * A change of the MAC's link raises LSC; with the link back, the Tx queues
 * go on where they stopped (ixgbe_tx_queue).
 */
static void ixgbe_link_update(IxgbeCore *core)
{
    bool up = ixgbe_mac_link(core);

    if (core->mac_link == up) {
        return;
    }
    core->mac_link = up;
    ixgbe_other_event(core, IXGBE_EICR_LSC);
    if (up) {
        ixgbe_tx_all_queues(core);
    }
}

void ixgbe_core_set_link_status(IxgbeCore *core, bool up)
{
    core->link_up = up;
    ixgbe_link_update(core);
}

/* Queues */

static hwaddr ixgbe_q_reg(int base, int q, int reg)
{
    return base + q * IXGBE_Q_STRIDE + reg;
}

static uint64_t ixgbe_ring_base(IxgbeCore *core, int base, int q)
{
    return (uint64_t)REG(core, ixgbe_q_reg(base, q, IXGBE_Q_BAH)) << 32 |
           (REG(core, ixgbe_q_reg(base, q, IXGBE_Q_BAL)) & ~0x7fu);
}

static uint32_t ixgbe_ring_count(IxgbeCore *core, int base, int q)
{
    return REG(core, ixgbe_q_reg(base, q, IXGBE_Q_LEN)) / 16;
}

static bool ixgbe_queue_enabled(IxgbeCore *core, int base, int q)
{
    return REG(core, ixgbe_q_reg(base, q, IXGBE_Q_DCTL)) & IXGBE_Q_DCTL_ENABLE;
}

static uint32_t ixgbe_rx_buf_size(IxgbeCore *core, int q)
{
    uint32_t srrctl = REG(core, ixgbe_q_reg(IXGBE_RXQ_BASE, q,
                                            IXGBE_RXQ_SRRCTL));
    uint32_t kib = srrctl & IXGBE_SRRCTL_BSIZEPKT;

    return kib ? kib * 1024 : 2048;
}

static uint32_t ixgbe_rx_free(IxgbeCore *core, int q)
{
    uint32_t count = ixgbe_ring_count(core, IXGBE_RXQ_BASE, q);
    uint32_t head = REG(core, ixgbe_q_reg(IXGBE_RXQ_BASE, q, IXGBE_Q_H));
    uint32_t tail = REG(core, ixgbe_q_reg(IXGBE_RXQ_BASE, q, IXGBE_Q_T));

    if (!count || head >= count || tail >= count) {
        return 0;
    }
    return (tail + count - head) % count;
}

static bool ixgbe_bus_master(IxgbeCore *core)
{
    return core->owner->config[PCI_COMMAND] & PCI_COMMAND_MASTER;
}

static bool ixgbe_rx_ready(IxgbeCore *core)
{
    return ixgbe_bus_master(core) &&
           (REG(core, IXGBE_RXCTRL) & IXGBE_RXCTRL_RXEN) &&
           ixgbe_queue_enabled(core, IXGBE_RXQ_BASE, 0);
}

bool ixgbe_core_can_receive(IxgbeCore *core)
{
    /*
     * A frame for a stopped receiver, or one the PHY does not pass, is
     * dropped, not held; one for a ring without free descriptors waits in
     * QEMU's queue for the next RDT.
     */
    return !ixgbe_rx_ready(core) || !ixgbe_wire_up(core) ||
           ixgbe_rx_free(core, 0) > 0;
}

static bool ixgbe_mta_match(IxgbeCore *core, const uint8_t *dst)
{
    /* MCSTCTRL.MO selects which 12 bits of the address index the table */
    static const int shift[4] = { 4, 3, 2, 0 };
    int mo = REG(core, IXGBE_MCSTCTRL) & 3;
    uint16_t hash = (dst[4] >> shift[mo] | dst[5] << (8 - shift[mo])) & 0xfff;

    return REG(core, IXGBE_MTA(hash >> 5)) & BIT(hash & 31);
}

static bool ixgbe_rx_filter(IxgbeCore *core, const uint8_t *dst)
{
    uint32_t fctrl = REG(core, IXGBE_FCTRL);

    if (is_broadcast_ether_addr(dst)) {
        return fctrl & IXGBE_FCTRL_BAM;
    }
    if (is_multicast_ether_addr(dst)) {
        return (fctrl & IXGBE_FCTRL_MPE) ||
               ((REG(core, IXGBE_MCSTCTRL) & IXGBE_MCSTCTRL_MFE) &&
                ixgbe_mta_match(core, dst));
    }
    if (fctrl & IXGBE_FCTRL_UPE) {
        return true;
    }
    for (int i = 0; i < IXGBE_RAR_ENTRIES; i++) {
        uint32_t rah = REG(core, IXGBE_RAH(i));
        uint32_t ral = REG(core, IXGBE_RAL(i));

        if ((rah & IXGBE_RAH_AV) &&
            ldl_le_p(dst) == ral && lduw_le_p(dst + 4) == (rah & 0xffff)) {
            return true;
        }
    }
    return false;
}

/* A 64-bit counter in two registers, low then high */
static void ixgbe_count64(IxgbeCore *core, hwaddr low, uint64_t n)
{
    uint64_t sum = REG(core, low) + ((uint64_t)REG(core, low + 4) << 32) + n;

    REG(core, low) = sum;
    REG(core, low + 4) = sum >> 32;
}

/* The statistics set RQSMR or TQSM gives queue q */
static int ixgbe_qstat_set(IxgbeCore *core, hwaddr map, int q)
{
    return (REG(core, map + (q / 4) * 4) >> ((q % 4) * IXGBE_QSTAT_SEL_BITS)) &
           IXGBE_QSTAT_SEL_MASK;
}

/* A frame that passed the filters, whole with its FCS, len bytes */
static void ixgbe_count_total_rx(IxgbeCore *core, size_t len)
{
    REG(core, IXGBE_TPR)++;
    ixgbe_count64(core, IXGBE_TORL, len);
}

/*
 * A frame received into queue q, len bytes written to memory, the FCS with
 * them when it is kept: TOR counts the FCS always; GORC and the queue's
 * bytes only when it is kept, as DPDK's ixgbe_read_stats_registers()
 * undoes.
 */
static void ixgbe_count_rx(IxgbeCore *core, int q, size_t len, bool fcs_kept)
{
    int set = ixgbe_qstat_set(core, IXGBE_RQSMR(0), q);

    REG(core, IXGBE_GPRC)++;
    ixgbe_count64(core, IXGBE_GORCL, len);
    ixgbe_count_total_rx(core, len + (fcs_kept ? 0 : IXGBE_FCS_LEN));
    REG(core, IXGBE_QPRC(set))++;
    ixgbe_count64(core, IXGBE_QBRC_L(set), len);
}

/* A frame of len bytes (padded, without the FCS the MAC adds) sent from q */
static void ixgbe_count_tx(IxgbeCore *core, int q, size_t len)
{
    int set = ixgbe_qstat_set(core, IXGBE_TQSM(0), q);

    REG(core, IXGBE_GPTC)++;
    ixgbe_count64(core, IXGBE_GOTCL, len + IXGBE_FCS_LEN);
    REG(core, IXGBE_TPT)++;
    REG(core, IXGBE_QPTC(set))++;
    ixgbe_count64(core, IXGBE_QBTC_L(set), len);
}

/* The most descriptors a frame takes: 64 KiB and the FCS in 1 KiB buffers */
#define IXGBE_RX_MAX_DESCS      DIV_ROUND_UP(IXGBE_MAX_FRAME + IXGBE_FCS_LEN, \
                                             1024)

typedef enum IxgbeRxResult {
    IXGBE_RX_DONE,              /* received, or dropped as a device drops */
    IXGBE_RX_NO_ROOM,           /* too few free descriptors, for now */
} IxgbeRxResult;

static IxgbeRxResult ixgbe_rx_drop(IxgbeCore *core, const char *why,
                                   size_t size, bool missed)
{
    if (missed) {
        REG(core, IXGBE_MPC(0))++;
        ixgbe_count_total_rx(core, MAX(size, ETH_ZLEN) + IXGBE_FCS_LEN);
    }
    trace_ixgbe_rx_drop(why, size);
    return IXGBE_RX_DONE;
}

/* What the write-back says of a frame besides DD, EOP and its length */
typedef struct IxgbeRxInfo {
    uint16_t ptype;
    uint16_t vlan;
    uint32_t status;
    uint32_t errors;
} IxgbeRxInfo;

#define IXGBE_IP_PROTO_SCTP     132

#define IXGBE_SCTP_HDR_LEN      12
#define IXGBE_SCTP_CRC_OFFSET   8

/*
 * SCTP's CRC32c of a packet of len (at least IXGBE_SCTP_HDR_LEN) bytes,
 * its own field taken as 0 (in three parts: the packet may be a received
 * frame, not ours to change), in the byte order its field holds it
 */
static uint32_t ixgbe_sctp_crc(const uint8_t *sctp, uint32_t len)
{
    static const uint8_t zero[4];
    uint32_t crc = crc32c(0xffffffff, sctp, IXGBE_SCTP_CRC_OFFSET);

    crc = crc32c(~crc, zero, sizeof(zero));
    return crc32c(~crc, sctp + IXGBE_SCTP_HDR_LEN, len - IXGBE_SCTP_HDR_LEN);
}

/*
 * SCTP's CRC32c over the packet from its L4 header to the end the IP
 * header gives (a frame may be padded): L4CS, and TCPE if it is wrong
 */
static void ixgbe_rx_sctp_crc(IxgbeCore *core, const uint8_t *frame,
                              size_t len, bool ip4, IxgbeRxInfo *info)
{
    struct NetRxPkt *pkt = core->rx_pkt;
    size_t l3 = net_rx_pkt_get_l3_hdr_offset(pkt);
    size_t l4 = net_rx_pkt_get_l4_hdr_offset(pkt);
    size_t end;

    if (ip4) {
        end = l3 + be16_to_cpu(net_rx_pkt_get_ip4_info(pkt)->ip4_hdr.ip_len);
    } else {
        end = l3 + sizeof(struct ip6_header) +
              be16_to_cpu(net_rx_pkt_get_ip6_info(pkt)->ip6_hdr.ip6_plen);
    }
    if (end > len || l4 + IXGBE_SCTP_HDR_LEN > end) {
        return;
    }
    info->status |= IXGBE_RXD_STAT_L4CS;
    if (ixgbe_sctp_crc(frame + l4, end - l4) !=
        ldl_le_p(frame + l4 + IXGBE_SCTP_CRC_OFFSET)) {
        info->errors |= IXGBE_RXDADV_ERR_TCPE;
    }
}

/*
 * The packet type and checksums of a frame (without FCS): IPv4 (with
 * options also IPV4_EX) or IPv6 (with extension headers also IPV6_EX),
 * and in it TCP, UDP or SCTP, except in a fragment. The IPv4 header
 * checksum is checked, in a fragment too; the TCP and UDP checksums are,
 * except in a fragment and for an IPv4 UDP checksum of 0, which says there
 * is none (over IPv6 a 0 is wrong, RFC 8200); so is SCTP's CRC.
 */
static void ixgbe_rx_classify(IxgbeCore *core, const uint8_t *frame,
                              size_t len, IxgbeRxInfo *info)
{
    struct NetRxPkt *pkt = core->rx_pkt;
    bool ip4, ip6, udp, tcp, valid;
    bool fragment = false;
    uint8_t l4proto = 0;

    /* An IPv6 header chain cut short leaves the last frame's protocol */
    memset(net_rx_pkt_get_ip6_info(pkt), 0, sizeof(eth_ip6_hdr_info));
    net_rx_pkt_attach_data(pkt, frame, len, false);
    net_rx_pkt_get_protocols(pkt, &ip4, &ip6, &udp, &tcp);
    if (ip4) {
        eth_ip4_hdr_info *ip = net_rx_pkt_get_ip4_info(pkt);

        info->ptype |= IXGBE_RXDADV_PTYPE_IPV4;
        if ((ip->ip4_hdr.ip_ver_len & 0xf) * 4 > sizeof(struct ip_header)) {
            info->ptype |= IXGBE_RXDADV_PTYPE_IPV4_EX;
        }
        l4proto = ip->ip4_hdr.ip_p;
        fragment = ip->fragment;
        if (net_rx_pkt_validate_l3_csum(pkt, &valid)) {
            info->status |= IXGBE_RXD_STAT_IPCS;
            info->errors |= valid ? 0 : IXGBE_RXDADV_ERR_IPE;
        }
    } else if (ip6) {
        eth_ip6_hdr_info *ip = net_rx_pkt_get_ip6_info(pkt);

        info->ptype |= IXGBE_RXDADV_PTYPE_IPV6;
        if (ip->has_ext_hdrs) {
            info->ptype |= IXGBE_RXDADV_PTYPE_IPV6_EX;
        }
        l4proto = ip->l4proto;
        fragment = ip->fragment;
    }
    if (fragment) {
        return;
    }
    if (tcp) {
        info->ptype |= IXGBE_RXDADV_PTYPE_TCP;
    } else if (udp) {
        info->ptype |= IXGBE_RXDADV_PTYPE_UDP;
    } else if ((ip4 || ip6) && l4proto == IXGBE_IP_PROTO_SCTP) {
        info->ptype |= IXGBE_RXDADV_PTYPE_SCTP;
        ixgbe_rx_sctp_crc(core, frame, len, ip4, info);
        return;
    }
    if (ip6 && udp && !net_rx_pkt_get_l4_info(pkt)->hdr.udp.uh_sum) {
        info->status |= IXGBE_RXD_STAT_L4CS | IXGBE_RXD_STAT_UDPCS;
        info->errors |= IXGBE_RXDADV_ERR_TCPE;
    } else if (net_rx_pkt_validate_l4_csum(pkt, &valid)) {
        info->status |= IXGBE_RXD_STAT_L4CS | (udp ? IXGBE_RXD_STAT_UDPCS : 0);
        info->errors |= valid ? 0 : IXGBE_RXDADV_ERR_TCPE;
    }
}

static bool ixgbe_rx_legacy(IxgbeCore *core, int q)
{
    uint32_t srrctl = REG(core, ixgbe_q_reg(IXGBE_RXQ_BASE, q,
                                            IXGBE_RXQ_SRRCTL));

    return (srrctl & IXGBE_SRRCTL_DESCTYPE_MASK) ==
           IXGBE_SRRCTL_DESCTYPE_LEGACY;
}

/*
 * The write-back of one descriptor: all 16 bytes in the advanced format,
 * the upper 8 in the legacy one (the buffer address stays). Status and
 * errors are the last descriptor's; the packet type is every one's, and
 * DPDK's vector Rx takes a chained frame's from its first.
 */
static MemTxResult ixgbe_rx_write_back(IxgbeCore *core, int q, uint64_t desc,
                                       const IxgbeRxInfo *info, bool eop,
                                       uint32_t chunk)
{
    uint32_t status = IXGBE_RXD_STAT_DD;
    uint32_t errors = 0;
    uint8_t wb[16] = { 0 };

    if (eop) {
        status |= IXGBE_RXD_STAT_EOP | info->status;
        errors = info->errors;
    }
    if (ixgbe_rx_legacy(core, q)) {
        stw_le_p(wb, chunk);
        wb[4] = status;
        /* The advanced RXE (any MAC error) lands on the legacy USE bit */
        wb[5] = errors >> IXGBE_RXD_LEGACY_ERR_SHIFT;
        stw_le_p(wb + 6, info->vlan);
        return pci_dma_write(core->owner, desc + 8, wb, 8);
    }
    stl_le_p(wb, info->ptype << IXGBE_RXDADV_PTYPE_SHIFT);
    stl_le_p(wb + 8, status | errors);
    stw_le_p(wb + 12, chunk);
    stw_le_p(wb + 14, info->vlan);
    return pci_dma_write(core->owner, desc, wb, sizeof(wb));
}

/*
 * Receive one frame (without FCS) on queue 0, in the format SRRCTL gives
 * (legacy or advanced one-buffer), one descriptor per Rx buffer, the last
 * with EOP. A frame is written whole or not at all: every descriptor it
 * takes is read first. Under RXDCTL.VME, a VLAN tag of VLNCTRL.VET is
 * stripped into the write-back (VP); without it the frame keeps the tag
 * and the write-back says nothing of it (the 82598 datasheet's rule).
 * A fault (ixgbe_fault.h) can flag the frame bad, or write back its
 * descriptors without the data.
 */
static IxgbeRxResult ixgbe_receive_frame(IxgbeCore *core,
                                         const uint8_t *data, size_t size,
                                         IxgbeFaultAction fault)
{
    const int q = 0;
    uint8_t *frame = core->rx_frame;
    size_t len = MIN(size, (size_t)IXGBE_MAX_FRAME);
    const bool fcs_kept = !(REG(core, IXGBE_HLREG0) & IXGBE_HLREG0_RXCRCSTRP);
    uint16_t vet = REG(core, IXGBE_VLNCTRL) & IXGBE_VLNCTRL_VET_MASK;
    uint64_t buf[IXGBE_RX_MAX_DESCS];
    uint32_t bufsz, count, head, need;
    IxgbeRxInfo info = { 0 };
    uint64_t ring;

    if (fault == IXGBE_LOOP_RECEIVE_ERROR) {
        info.errors |= IXGBE_RXDADV_ERR_RXE;
    }
    if (!ixgbe_rx_ready(core)) {
        return ixgbe_rx_drop(core, "receiver disabled", size, false);
    }
    if (len < ETH_ALEN || !ixgbe_rx_filter(core, data)) {
        return ixgbe_rx_drop(core, "filtered", size, false);
    }
    memcpy(frame, data, len);
    if (len < ETH_ZLEN) {
        memset(frame + len, 0, ETH_ZLEN - len);
        len = ETH_ZLEN;
    }
    if (lduw_be_p(frame + 2 * ETH_ALEN) == vet &&
        (REG(core, ixgbe_q_reg(IXGBE_RXQ_BASE, q, IXGBE_Q_DCTL)) &
         IXGBE_RXDCTL_VME)) {
        info.status |= IXGBE_RXD_STAT_VP;
        info.vlan = lduw_be_p(frame + 2 * ETH_ALEN + 2);
        memmove(frame + sizeof(struct vlan_header), frame, 2 * ETH_ALEN);
        frame += sizeof(struct vlan_header);
        len -= sizeof(struct vlan_header);
    }
    ixgbe_rx_classify(core, frame, len, &info);
    /*
     * HLREG0.RXCRCSTRP off keeps the FCS. The driver sets RDRXCTL.CRCSTRIP
     * always and HLREG0 as NETIF_F_RXFCS says; the model reads HLREG0 only.
     */
    if (fcs_kept) {
        stl_le_p(frame + len, crc32(0, frame, len));
        len += IXGBE_FCS_LEN;
    }

    bufsz = ixgbe_rx_buf_size(core, q);
    need = DIV_ROUND_UP(len, bufsz);
    count = ixgbe_ring_count(core, IXGBE_RXQ_BASE, q);
    if (need >= count || need > IXGBE_RX_MAX_DESCS) {
        return ixgbe_rx_drop(core, "larger than the ring", size, true);
    }
    if (ixgbe_rx_free(core, q) < need) {
        trace_ixgbe_rx_drop("no free Rx descriptor yet", size);
        return IXGBE_RX_NO_ROOM;
    }
    ring = ixgbe_ring_base(core, IXGBE_RXQ_BASE, q);
    head = REG(core, ixgbe_q_reg(IXGBE_RXQ_BASE, q, IXGBE_Q_H));
    for (uint32_t i = 0; i < need; i++) {
        uint32_t desc = (head + i) % count;

        if (pci_dma_read(core->owner, ring + desc * 16, &buf[i],
                         sizeof(buf[i])) != MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "ixgbe: Rx descriptor %u unreadable\n", desc);
            return ixgbe_rx_drop(core, "descriptor unreadable", size, true);
        }
    }

    for (uint32_t i = 0, done = 0; i < need; i++, head = (head + 1) % count) {
        uint32_t chunk = MIN(bufsz, len - done);

        if (fault != IXGBE_LOOP_WRITE_BACK_ONLY &&
            pci_dma_write(core->owner, le64_to_cpu(buf[i]), frame + done,
                          chunk) != MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "ixgbe: Rx buffer of descriptor %u unwritable\n",
                          head);
            info.errors |= IXGBE_RXDADV_ERR_RXE;
        }
        done += chunk;
        /*
         * The data first, then the write-back in one store, as the device
         * writes it in one PCIe transaction. The driver judges a frame by
         * its last descriptor.
         */
        if (ixgbe_rx_write_back(core, q, ring + head * 16, &info, done == len,
                                chunk) != MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "ixgbe: Rx descriptor %u unwritable\n", head);
        }
    }
    REG(core, ixgbe_q_reg(IXGBE_RXQ_BASE, q, IXGBE_Q_H)) = head;
    core->rx_len = len;
    ixgbe_count_rx(core, q, len, fcs_kept);
    trace_ixgbe_rx_frame(q, len);
    ixgbe_queue_event(core, q, false);
    return IXGBE_RX_DONE;
}

ssize_t ixgbe_core_receive(IxgbeCore *core, const uint8_t *buf, size_t size)
{
    IxgbeRxResult ret;

    if (REG(core, IXGBE_HLREG0) & IXGBE_HLREG0_LPBK) {
        /* In MAC loopback the port hears only itself. */
        trace_ixgbe_rx_drop("MAC loopback", size);
        return size;
    }
    if (!ixgbe_wire_up(core)) {
        trace_ixgbe_rx_drop("PHY in low power", size);
        return size;
    }
    /*
     * A frame that arrives while one is being received can only come from
     * a DMA of ours into our own registers: it waits in QEMU's queue.
     */
    if (core->in_rx) {
        return 0;
    }
    core->in_rx = true;
    ret = ixgbe_receive_frame(core, buf, size, IXGBE_LOOP_RECEIVE);
    core->in_rx = false;
    /* QEMU holds a frame that found no room, and stops, until an RDT */
    return ret == IXGBE_RX_NO_ROOM ? 0 : size;
}

/*
 * The context that IDX selects, in a data descriptor's olinfo_status or a
 * context descriptor's mss_l4len_idx. A queue has two; IDX's upper bits
 * are reserved, and a driver that sets them gets context IDX mod 2.
 */
static IxgbeTxContext *ixgbe_tx_context(IxgbeCore *core, int q,
                                        uint32_t idx_dword)
{
    uint32_t idx = (idx_dword >> IXGBE_TXD_IDX_SHIFT) & IXGBE_TXD_IDX_MASK;

    if (idx >= IXGBE_TX_CONTEXTS) {
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: Tx queue %d: context %u of "
                      "%d\n", q, idx, IXGBE_TX_CONTEXTS);
        idx %= IXGBE_TX_CONTEXTS;
    }
    return &core->tx_ctx[q][idx];
}

static uint32_t ixgbe_ctx_maclen(const IxgbeTxContext *ctx)
{
    return (ctx->vlan_macip_lens >> IXGBE_TXCTX_MACLEN_SHIFT) &
           IXGBE_TXCTX_MACLEN_MASK;
}

static uint16_t ixgbe_ctx_vlan(const IxgbeTxContext *ctx)
{
    return ctx->vlan_macip_lens >> IXGBE_TXCTX_VLAN_SHIFT;
}

/*
 * A checksum over frame[start, end), and add, into the 16 bits at field,
 * which hold what the driver put there: 0, a pseudo-header sum, or (the
 * IPv4 header's, in Linux's tunnel TSO) the negated sum of what follows
 * the header within IPLEN.
 */
static void ixgbe_tx_insert_sum(uint8_t *frame, uint32_t len, uint32_t start,
                                uint32_t end, uint32_t field, uint32_t add,
                                bool udp)
{
    uint16_t sum;

    if (start >= end || end > len || field + 2 > len) {
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: checksum of %u-%u into %u, "
                      "in a frame of %u bytes\n", start, end, field, len);
        return;
    }
    sum = net_checksum_finish(net_checksum_add(end - start, frame + start) +
                              add);
    /* UDP sends a computed 0 as 0xFFFF: 0 means "no checksum" there */
    if (sum == 0 && udp) {
        sum = 0xffff;
    }
    stw_be_p(frame + field, sum);
}

/* POPTS.IXSM: the IPv4 header checksum, the header as the context says */
static void ixgbe_tx_ip_checksum(const IxgbeTxContext *ctx, uint8_t *frame,
                                 uint32_t len)
{
    uint32_t start = ixgbe_ctx_maclen(ctx);
    uint32_t end = start + (ctx->vlan_macip_lens & IXGBE_TXCTX_IPLEN_MASK);

    ixgbe_tx_insert_sum(frame, len, start, end, start + 10, 0, false);
}

/*
 * POPTS.TXSM: TCP or UDP checksum insertion as the context describes the
 * packet: the field holds the pseudo-header sum, and the sum over the L4
 * header and payload, that field and add (a TSO segment's L4 length)
 * included, replaces it. SCTP's CRC32c replaces its field whole.
 */
static void ixgbe_tx_checksum(const IxgbeTxContext *ctx, uint8_t *frame,
                              uint32_t len, uint32_t add)
{
    uint32_t start = ixgbe_ctx_maclen(ctx) +
                     (ctx->vlan_macip_lens & IXGBE_TXCTX_IPLEN_MASK);

    switch (ctx->type_tucmd & IXGBE_TXCTX_L4T_MASK) {
    case IXGBE_TXCTX_L4T_UDP:
        ixgbe_tx_insert_sum(frame, len, start, len, start + 6, add, true);
        break;
    case IXGBE_TXCTX_L4T_TCP:
        ixgbe_tx_insert_sum(frame, len, start, len, start + 16, add, false);
        break;
    case IXGBE_TXCTX_L4T_SCTP:
        if (start + IXGBE_SCTP_HDR_LEN > len) {
            qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: SCTP CRC from %u, in a "
                          "frame of %u bytes\n", start, len);
            break;
        }
        stl_le_p(frame + start + IXGBE_SCTP_CRC_OFFSET,
                 ixgbe_sctp_crc(frame + start, len - start));
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: checksum offload of the "
                      "reserved L4 type 3\n");
        break;
    }
}

/* A looped frame has no queue to wait in: no room, it is missed */
static void ixgbe_loop_receive(IxgbeCore *core, const uint8_t *frame,
                               uint32_t len, IxgbeFaultAction fault)
{
    if (core->in_rx) {
        return;
    }
    core->in_rx = true;
    if (ixgbe_receive_frame(core, frame, len, fault) == IXGBE_RX_NO_ROOM) {
        ixgbe_rx_drop(core, "no free Rx descriptor", len, true);
    } else {
        core->faults.rx_len = core->rx_len;
    }
    core->in_rx = false;
}

typedef struct IxgbeLateFrame {
    int64_t due_ms;
    uint32_t len;
    uint8_t data[];
} IxgbeLateFrame;

static void ixgbe_late_drop_all(IxgbeCore *core)
{
    IxgbeLateFrame *late;

    timer_del(core->late_timer);
    while ((late = g_queue_pop_head(&core->late_frames))) {
        g_free(late);
    }
}

/* The late frames whose time has come arrive, in order */
static void ixgbe_late_timer(void *opaque)
{
    IxgbeCore *core = opaque;
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL);
    bool was_in = ixgbe_core_enter(core);
    IxgbeLateFrame *late;

    while ((late = g_queue_peek_head(&core->late_frames)) &&
           late->due_ms <= now) {
        g_queue_pop_head(&core->late_frames);
        ixgbe_loop_receive(core, late->data, late->len, IXGBE_LOOP_RECEIVE);
        g_free(late);
    }
    if (late) {
        timer_mod(core->late_timer, late->due_ms);
    }
    ixgbe_core_leave(core, was_in);
}

/* More than a run's frames cannot be late: a bound on what a guest holds */
#define IXGBE_LATE_MAX_FRAMES   4096

static void ixgbe_late_hold(IxgbeCore *core, const uint8_t *frame,
                            uint32_t len, uint32_t delay_ms)
{
    IxgbeLateFrame *late;

    if (g_queue_get_length(&core->late_frames) >= IXGBE_LATE_MAX_FRAMES) {
        trace_ixgbe_rx_drop("too many late frames", len);
        return;
    }
    late = g_malloc(sizeof(*late) + len);

    late->due_ms = qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) + delay_ms;
    late->len = len;
    memcpy(late->data, frame, len);
    if (g_queue_is_empty(&core->late_frames)) {
        timer_mod(core->late_timer, late->due_ms);
    }
    g_queue_push_tail(&core->late_frames, late);
}

/* MAC loopback: the frame comes back on Rx, unless a fault says otherwise */
static void ixgbe_loop_frame(IxgbeCore *core, uint8_t *frame, uint32_t len)
{
    IxgbeFaultAction action = ixgbe_fault_frame(&core->faults, frame, &len);

    /* Frames behind a late one wait behind it */
    if (action == IXGBE_LOOP_RECEIVE &&
        !g_queue_is_empty(&core->late_frames)) {
        action = IXGBE_LOOP_HOLD;
    }
    switch (action) {
    case IXGBE_LOOP_HOLD:
        ixgbe_late_hold(core, frame, len, core->faults.arg);
        break;
    case IXGBE_LOOP_DROP:
    case IXGBE_LOOP_STALL:
        trace_ixgbe_rx_drop("fault", len);
        break;
    default:
        ixgbe_loop_receive(core, frame, len, action);
        break;
    }
}

/* HLREG0.LPBK on: a loopback run starts; off (or a reset): it is over */
static void ixgbe_set_loopback(IxgbeCore *core, bool on)
{
    bool was = REG(core, IXGBE_HLREG0) & IXGBE_HLREG0_LPBK;

    if (on && !was) {
        ixgbe_fault_run_start(&core->faults);
    } else if (!on && was) {
        /* A stalled Tx engine stays stopped until a reset or the next run */
        ixgbe_late_drop_all(core);
    }
}

/* DCMD.VLE: a tag, of DMATXCTL.VT's TPID, after the MAC addresses */
static uint32_t ixgbe_tx_insert_vlan(IxgbeCore *core, uint8_t *frame,
                                     uint32_t len, uint16_t vlan)
{
    if (len < 2 * ETH_ALEN) {
        return len;
    }
    memmove(frame + 2 * ETH_ALEN + sizeof(struct vlan_header),
            frame + 2 * ETH_ALEN, len - 2 * ETH_ALEN);
    stw_be_p(frame + 2 * ETH_ALEN,
             REG(core, IXGBE_DMATXCTL) >> IXGBE_DMATXCTL_VT_SHIFT);
    stw_be_p(frame + 2 * ETH_ALEN + 2, vlan);
    return len + sizeof(struct vlan_header);
}

/* A frame as it leaves the MAC: padded, counted, looped back or sent */
static void ixgbe_tx_frame_out(IxgbeCore *core, int q, uint8_t *frame,
                               uint32_t len)
{
    if (len < ETH_ZLEN) {
        memset(frame + len, 0, ETH_ZLEN - len);
        len = ETH_ZLEN;
    }
    ixgbe_count_tx(core, q, len);
    if (REG(core, IXGBE_HLREG0) & IXGBE_HLREG0_LPBK) {
        trace_ixgbe_tx_frame(q, len, 1);
        ixgbe_loop_frame(core, frame, len);
    } else {
        trace_ixgbe_tx_frame(q, len, 0);
        qemu_send_packet(qemu_get_queue(core->nic), frame, len);
    }
}

/*
 * The TCP flags a TSO packet's segment keeps (DTXTCPFLGL/H). A packet of
 * one segment is its last: its FIN and PSH stay, as they would had the
 * driver not asked for TSO (DPDK's PMD asks for it whatever the size).
 */
static uint32_t ixgbe_tso_flags_mask(IxgbeCore *core, bool first, bool last)
{
    uint32_t low = REG(core, IXGBE_DTXTCPFLGL);

    if (last) {
        return REG(core, IXGBE_DTXTCPFLGH) & IXGBE_TCP_FLAGS_MASK;
    }
    if (first) {
        return low & IXGBE_TCP_FLAGS_MASK;
    }
    return low >> IXGBE_DTXTCPFLGL_MID_SHIFT & IXGBE_TCP_FLAGS_MASK;
}

/*
 * TSO (DCMD.TSE): the header (MACLEN + IPLEN + L4LEN) before each MSS
 * bytes of the PAYLEN after it; each segment with its own IP lengths,
 * IPv4 identification and checksum, TCP sequence number and flags or UDP
 * length, L4 checksum (the driver's pseudo-header sum has no length: the
 * segment's is added) and tag. Not QEMU's net_tx_pkt: 7.2's makes IP
 * fragments of a TSO packet, the TCP header in the first only.
 */
static void ixgbe_tx_segment(IxgbeCore *core, int q,
                             const IxgbeTxContext *context)
{
    /* A looped segment's DMA into BAR0 can reset the MAC and its contexts */
    const IxgbeTxContext ctx = *context;
    const uint8_t *pkt = core->tx_frame;
    uint8_t *seg = core->tx_segment;
    uint32_t l3 = ixgbe_ctx_maclen(&ctx);
    uint32_t iplen = ctx.vlan_macip_lens & IXGBE_TXCTX_IPLEN_MASK;
    uint32_t l4 = l3 + iplen;
    uint32_t l4len = (ctx.mss_l4len_idx >> IXGBE_TXCTX_L4LEN_SHIFT) &
                     IXGBE_TXCTX_L4LEN_MASK;
    uint32_t hdr = l4 + l4len;
    uint32_t mss = ctx.mss_l4len_idx >> IXGBE_TXCTX_MSS_SHIFT;
    uint32_t paylen = core->tx_olinfo >> IXGBE_TXD_PAYLEN_SHIFT;
    uint32_t opts = core->tx_olinfo;
    uint32_t l4t = ctx.type_tucmd & IXGBE_TXCTX_L4T_MASK;
    bool tcp = l4t == IXGBE_TXCTX_L4T_TCP;
    bool ipv4 = ctx.type_tucmd & IXGBE_TXCTX_TUCMD_IPV4;
    bool vle = core->tx_cmd & IXGBE_TXD_CMD_VLE;
    uint32_t room = IXGBE_MAX_FRAME - (vle ? sizeof(struct vlan_header) : 0);
    uint16_t ip_id;
    uint32_t off, n;

    if ((!tcp && l4t != IXGBE_TXCTX_L4T_UDP) ||
        l4len < (tcp ? sizeof(struct tcp_hdr) : sizeof(struct udp_header)) ||
        iplen < (ipv4 ? sizeof(struct ip_header) : sizeof(struct ip6_header)) ||
        !mss || !paylen || hdr + paylen != core->tx_len ||
        hdr + MIN(mss, paylen) > room) {
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: Tx queue %d: TSO of %u bytes "
                      "(L4 type %u, header %u+%u+%u, MSS %u, PAYLEN %u) "
                      "dropped\n", q, core->tx_len,
                      l4t >> IXGBE_TXCTX_L4T_SHIFT, l3, iplen, l4len, mss,
                      paylen);
        return;
    }
    ip_id = ipv4 ? lduw_be_p(pkt + l3 + 4) : 0;
    for (off = 0; off < paylen && core->tx_started; off += n) {
        uint32_t len;

        n = MIN(mss, paylen - off);
        len = hdr + n;
        memcpy(seg, pkt, hdr);
        memcpy(seg + hdr, pkt + hdr + off, n);
        if (ipv4) {
            stw_be_p(seg + l3 + 2, len - l3);
            stw_be_p(seg + l3 + 4, ip_id + off / mss);
            if (opts & IXGBE_TXD_POPTS_IXSM) {
                ixgbe_tx_ip_checksum(&ctx, seg, len);
            }
        } else {
            stw_be_p(seg + l3 + 4, len - l3 - sizeof(struct ip6_header));
        }
        if (tcp) {
            uint16_t word = lduw_be_p(seg + l4 + 12);
            uint32_t mask = ixgbe_tso_flags_mask(core, !off,
                                                 off + n == paylen);

            stl_be_p(seg + l4 + 4, ldl_be_p(seg + l4 + 4) + off);
            stw_be_p(seg + l4 + 12, word & (~IXGBE_TCP_FLAGS_MASK | mask));
        } else {
            stw_be_p(seg + l4 + 4, l4len + n);
        }
        if (opts & IXGBE_TXD_POPTS_TXSM) {
            ixgbe_tx_checksum(&ctx, seg, len, l4len + n);
        }
        if (vle) {
            len = ixgbe_tx_insert_vlan(core, seg, len, ixgbe_ctx_vlan(&ctx));
        }
        ixgbe_tx_frame_out(core, q, seg, len);
    }
}

/*
 * A packet out, with the offloads its first descriptor asks for: in the
 * advanced format TSO, or the checksums POPTS names, and VLE, with the
 * context IDX selects; in the legacy one, IC (the sum from CSS to the end
 * into CSO) and VLE with the descriptor's tag. The checksums are of the
 * packet as gathered, the tag (DMATXCTL.VT) goes in after them.
 */
static void ixgbe_transmit(IxgbeCore *core, int q)
{
    uint8_t *frame = core->tx_frame;
    uint32_t len = core->tx_len;
    uint32_t cmd = core->tx_cmd;
    uint32_t opts = core->tx_olinfo;
    uint16_t vlan = 0;

    if (cmd & IXGBE_TXD_CMD_DEXT) {
        /* Only a packet that uses its context reads it: IDX may be junk */
        if ((opts & (IXGBE_TXD_POPTS_IXSM | IXGBE_TXD_POPTS_TXSM)) ||
            (cmd & (IXGBE_TXD_CMD_VLE | IXGBE_TXD_CMD_TSE))) {
            const IxgbeTxContext *ctx = ixgbe_tx_context(core, q, opts);

            if (cmd & IXGBE_TXD_CMD_TSE) {
                ixgbe_tx_segment(core, q, ctx);
                return;
            }
            if ((opts & IXGBE_TXD_POPTS_IXSM) &&
                (ctx->type_tucmd & IXGBE_TXCTX_TUCMD_IPV4)) {
                ixgbe_tx_ip_checksum(ctx, frame, len);
            }
            if (opts & IXGBE_TXD_POPTS_TXSM) {
                ixgbe_tx_checksum(ctx, frame, len, 0);
            }
            vlan = ixgbe_ctx_vlan(ctx);
        }
    } else {
        if (cmd & IXGBE_TXD_CMD_IC) {
            uint8_t css = opts >> IXGBE_TXD_CSS_SHIFT;
            uint8_t cso = cmd >> IXGBE_TXD_CSO_SHIFT;

            ixgbe_tx_insert_sum(frame, len, css, len, cso, 0, false);
        }
        vlan = opts >> IXGBE_TXD_VLAN_SHIFT;
    }
    if (cmd & IXGBE_TXD_CMD_VLE) {
        len = ixgbe_tx_insert_vlan(core, frame, len, vlan);
    }
    ixgbe_tx_frame_out(core, q, frame, len);
}

/*
 * The most a packet gathers: a frame of 64 KiB, an inserted tag included,
 * or a TSO packet
 */
static uint32_t ixgbe_tx_max_packet(IxgbeCore *core)
{
    if ((core->tx_cmd & IXGBE_TXD_CMD_DEXT) &&
        (core->tx_cmd & IXGBE_TXD_CMD_TSE)) {
        return IXGBE_MAX_TSO_PACKET;
    }
    return IXGBE_MAX_FRAME -
           (core->tx_cmd & IXGBE_TXD_CMD_VLE ? sizeof(struct vlan_header) : 0);
}

/*
 * One data descriptor (legacy or advanced): its buffer joins the packet;
 * EOP sends it. A packet the model cannot send whole (a DMA fault, over
 * the size) is discarded up to EOP.
 */
static void ixgbe_tx_data(IxgbeCore *core, int q, const uint8_t *d)
{
    uint64_t addr = ldq_le_p(d);
    uint32_t cmd = ldl_le_p(d + 8);
    uint32_t sta = ldl_le_p(d + 12);
    uint32_t len = cmd & IXGBE_TXD_LEN_MASK;
    uint32_t max;

    if (core->tx_started && core->tx_queue != q) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "ixgbe: Tx queue %d left a packet unfinished\n",
                      core->tx_queue);
        core->tx_started = false;
    }
    if (!core->tx_started) {
        core->tx_started = true;
        core->tx_queue = q;
        core->tx_len = 0;
        core->tx_cmd = cmd;
        core->tx_olinfo = sta;
        core->tx_discard = false;
    }
    max = ixgbe_tx_max_packet(core);
    if (!core->tx_discard && core->tx_len + len > max) {
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: Tx packet over %u bytes\n",
                      max);
        core->tx_discard = true;
    }
    if (!core->tx_discard &&
        pci_dma_read(core->owner, addr, core->tx_frame + core->tx_len,
                     len) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: Tx buffer unreadable\n");
        core->tx_discard = true;
    }
    core->tx_len += len;
    if (cmd & IXGBE_TXD_CMD_EOP) {
        if (!core->tx_discard) {
            ixgbe_transmit(core, q);
        }
        core->tx_started = false;
    }
}

static void ixgbe_tx_context_desc(IxgbeCore *core, int q, const uint8_t *d)
{
    IxgbeTxContext *ctx = ixgbe_tx_context(core, q, ldl_le_p(d + 12));

    ctx->vlan_macip_lens = ldl_le_p(d);
    ctx->type_tucmd = ldl_le_p(d + 8);
    ctx->mss_l4len_idx = ldl_le_p(d + 12);
}

/*
 * DD written back on RS: into STA of the descriptor's last dword, the rest
 * of which a legacy descriptor keeps (CSS, VLAN) and an advanced one has
 * reserved.
 */
static void ixgbe_tx_write_back(IxgbeCore *core, int q, dma_addr_t desc,
                                const uint8_t *d)
{
    uint32_t sta = ldl_le_p(d + 12);
    uint32_t cmd = ldl_le_p(d + 8);
    uint32_t wb = IXGBE_TXD_STAT_DD;

    if (!(cmd & IXGBE_TXD_CMD_DEXT)) {
        wb |= sta & ~IXGBE_TXD_STAT_MASK;
    }
    wb = cpu_to_le32(wb);
    if (pci_dma_write(core->owner, desc + 12, &wb, sizeof(wb)) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: Tx descriptor at 0x%"
                      PRIx64 " of queue %d unwritable\n", desc, q);
    }
}

static void ixgbe_tx_queue(IxgbeCore *core, int q)
{
    hwaddr head_reg = ixgbe_q_reg(IXGBE_TXQ_BASE, q, IXGBE_Q_H);
    uint32_t tail = REG(core, ixgbe_q_reg(IXGBE_TXQ_BASE, q, IXGBE_Q_T));
    uint32_t count = ixgbe_ring_count(core, IXGBE_TXQ_BASE, q);
    uint64_t ring = ixgbe_ring_base(core, IXGBE_TXQ_BASE, q);
    uint32_t head = REG(core, head_reg);
    bool wrote_back = false;

    /*
     * Without a link the MAC sends nothing and the Tx DMA stops, its
     * descriptors waiting (Linux's ixgbe_watchdog_flush_tx() resets the
     * device for them); MAC loopback needs the link forced up.
     */
    if (core->in_tx || core->in_rx || !ixgbe_bus_master(core) ||
        !core->mac_link ||
        !(REG(core, IXGBE_DMATXCTL) & IXGBE_DMATXCTL_TE) ||
        !ixgbe_queue_enabled(core, IXGBE_TXQ_BASE, q)) {
        return;
    }
    if (!count || head >= count || tail >= count) {
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: Tx queue %d: head %u, tail "
                      "%u, %u descriptors\n", q, head, tail, count);
        return;
    }
    core->in_tx = true;
    while (head != tail && !core->faults.stalled) {
        dma_addr_t desc = ring + head * 16;
        uint8_t d[16];
        uint32_t cmd;

        if (pci_dma_read(core->owner, desc, d, sizeof(d)) != MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: Tx descriptor %u of "
                          "queue %d unreadable\n", head, q);
            break;
        }
        cmd = ldl_le_p(d + 8);
        if ((cmd & IXGBE_TXD_CMD_DEXT) &&
            (cmd & IXGBE_TXD_DTYP_MASK) == IXGBE_TXD_DTYP_CTXT) {
            ixgbe_tx_context_desc(core, q, d);
        } else {
            ixgbe_tx_data(core, q, d);
        }
        if (core->faults.stalled) {
            break;              /* the DMA engine stops: no write-back */
        }
        head = (head + 1) % count;
        REG(core, head_reg) = head;
        if (cmd & IXGBE_TXD_CMD_RS) {
            ixgbe_tx_write_back(core, q, desc, d);
            wrote_back = true;
        }
    }
    core->in_tx = false;
    if (wrote_back) {
        ixgbe_queue_event(core, q, true);
    }
}

/* Each Tx queue goes on, now that what stopped them all may be gone */
static void ixgbe_tx_all_queues(IxgbeCore *core)
{
    for (int q = 0; q < IXGBE_TXQ_COUNT; q++) {
        ixgbe_tx_queue(core, q);
    }
}

/*
 * Bus mastering on. Turned on just now: QEMU dropped the messages sent
 * while it was off, so the causes pending then are signalled now.
 */
void ixgbe_core_bus_master_changed(IxgbeCore *core, bool turned_on)
{
    if (turned_on) {
        ixgbe_forget_signalled(core);
        ixgbe_update_irq(core);
    }
    ixgbe_tx_all_queues(core);
    qemu_flush_queued_packets(qemu_get_queue(core->nic));
}

/* Register access */

static void ixgbe_eerd(IxgbeCore *core, uint32_t val)
{
    uint32_t addr = val >> IXGBE_EEXD_ADDR_SHIFT & 0x3fff;
    uint16_t data = addr < IXGBE_EEPROM_WORDS ? core->eeprom[addr] : 0xffff;

    if (!(val & IXGBE_EEXD_START)) {
        return;
    }
    trace_ixgbe_eeprom_read(addr, data);
    REG(core, IXGBE_EERD) = (uint32_t)data << IXGBE_EEXD_DATA_SHIFT |
                            addr << IXGBE_EEXD_ADDR_SHIFT | IXGBE_EEXD_DONE;
}

/*
 * X550: a host interface command in FLEX_MNG, done at once. The firmware's
 * reply overwrites the command: its header says which command, how many
 * bytes follow (none here) and the status.
 */
static void ixgbe_fw_reply(IxgbeCore *core, uint8_t cmd)
{
    REG(core, IXGBE_FLEX_MNG) = cmd | IXGBE_FW_STATUS_SUCCESS << 16;
}

/* Words of the NVM, from a byte address and length, both big-endian */
static bool ixgbe_fw_read_nvm(IxgbeCore *core)
{
    uint32_t byte = bswap32(REG(core, IXGBE_FLEX_MNG + 4));
    uint32_t len = bswap16(REG(core, IXGBE_FLEX_MNG + 8) & 0xffff);

    if (len > IXGBE_FW_MAX_READ_BYTES || (byte | len) & 1) {
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: NVM read of %u bytes at "
                      "0x%x\n", len, byte);
        return false;
    }
    /* Two words a register, the first in the low half */
    for (uint32_t i = 0; i < len / 2; i++) {
        uint32_t word = byte / 2 + i;
        hwaddr reg = IXGBE_FLEX_MNG + IXGBE_FW_NVM_DATA + (i / 2) * 4;

        REG(core, reg) = deposit32(REG(core, reg), (i & 1) * 16, 16,
                                   word < IXGBE_EEPROM_WORDS ?
                                   core->eeprom[word] : 0xffff);
    }
    return true;
}

static void ixgbe_fw_command(IxgbeCore *core)
{
    uint8_t cmd = REG(core, IXGBE_FLEX_MNG) & 0xff;
    bool done = true;

    trace_ixgbe_fw_command(cmd);
    switch (cmd) {
    case IXGBE_FW_READ_SHADOW_RAM:
        /* The reply is the words alone, where the driver reads them */
        done = ixgbe_fw_read_nvm(core);
        break;
    case IXGBE_FW_DISABLE_RXEN:
        REG(core, IXGBE_RXCTRL) &= ~IXGBE_RXCTRL_RXEN;
        ixgbe_fw_reply(core, cmd);
        break;
    case IXGBE_FW_DRIVER_INFO:
        ixgbe_fw_reply(core, cmd);
        break;
    default:
        qemu_log_mask(LOG_UNIMP, "ixgbe: firmware command 0x%02x\n", cmd);
        done = false;
        break;
    }
    REG(core, IXGBE_HICR) = IXGBE_HICR_EN | (done ? IXGBE_HICR_SV : 0);
}

/*
 * The statistics outside 0x03F00-0x041FF: first, last and the stride of
 * registers of one kind. Read only, cleared by a read.
 */
static const struct {
    hwaddr first, last, stride;
} ixgbe_counters[] = {
    { 0x01030, 0x01030 + 15 * IXGBE_Q_STRIDE, IXGBE_Q_STRIDE },   /* QPRC */
    { 0x01034, 0x01034 + 15 * IXGBE_Q_STRIDE, IXGBE_Q_STRIDE },   /* QBRC_L */
    { 0x01038, 0x01038 + 15 * IXGBE_Q_STRIDE, IXGBE_Q_STRIDE },   /* QBRC_H */
    { 0x01430, 0x01430 + 15 * IXGBE_Q_STRIDE, IXGBE_Q_STRIDE },   /* QPRDC */
    { 0x0241C, 0x0241C, 4 },    /* FCOERPDC */
    { 0x02424, 0x0242C, 4 },    /* FCLAST, FCOEPRC, FCOEDWRC */
    { 0x02F90, 0x02F90, 4 },    /* B2OGPRC (X540, X550) */
    { 0x03240, 0x0325C, 4 },    /* PXON2OFFCNT */
    { 0x05118, 0x05118, 4 },    /* FCCRC */
    { 0x06030, 0x06030 + 15 * IXGBE_Q_STRIDE, IXGBE_Q_STRIDE },   /* QPTC */
    { 0x08700, 0x0877C, 4 },    /* QBTC_L, QBTC_H */
    { 0x08780, 0x08788, 4 },    /* SSVPC, FCOEPTC, FCOEDWTC */
    { 0x087B0, 0x087B0, 4 },    /* O2BSPC */
    { 0x08A3C, 0x08A4C, 4 },    /* MACsec Tx */
    { 0x08F40, 0x08F80, 4 },    /* MACsec Rx */
    { 0x0CF90, 0x0CF90, 4 },    /* MNGPTC */
    { 0x0EE50, 0x0EE5C, 4 },    /* FDIRUSTAT, FDIRFSTAT, FDIRMATCH, FDIRMISS */
};

static bool ixgbe_is_counter(hwaddr addr)
{
    if (addr >= IXGBE_STATS_FIRST && addr <= IXGBE_STATS_LAST) {
        return addr != IXGBE_RXDBUECC && addr != IXGBE_RXDBUEST;
    }
    for (size_t i = 0; i < ARRAY_SIZE(ixgbe_counters); i++) {
        if (addr >= ixgbe_counters[i].first &&
            addr <= ixgbe_counters[i].last &&
            (addr - ixgbe_counters[i].first) % ixgbe_counters[i].stride == 0) {
            return true;
        }
    }
    return false;
}

/*
 * Registers the driver uses that the model stores and reads back as written
 * without acting on them: the features the model does not have (see the top
 * of the file) and settings that change nothing in an emulated MAC. Queue
 * registers other than base, length, head, tail and enable are in the queue
 * blocks and stored likewise. An access outside this table and the ones
 * handled in ixgbe_core_read/write finds no register (see the top).
 */
static const struct {
    hwaddr first, last;
    const char *name;
} ixgbe_stored_regs[] = {
    { 0x00018, 0x00020, "CTRL_EXT, ESDP" },
    { 0x00200, 0x00200, "LEDCTL" },
    { 0x00810, 0x00810, "EIAC" },
    { 0x00820, 0x0087C, "EITR 0-23" },
    { 0x00890, 0x00898, "EIAM, GPIE" },
    { 0x00900, 0x00A00, "IVAR, IVAR_MISC" },
    { 0x00AD0, 0x00AD4, "EIAM_EX" },
    { 0x02140, 0x0215C, "RTRPT4C" },
    { 0x02F00, 0x02F00, "RDRXCTL" },
    { 0x02400, 0x024FF, "FCoE, DCB Rx" },
    { 0x02300, 0x0237C, "RQSMR" },
    { 0x03000, 0x03028, "RXCTRL, PFCTOP, RTRUP2TC, RSCDBU" },
    { 0x03200, 0x032A0, "flow control thresholds and timers" },
    { 0x03400, 0x034FC, "PFVFMRQC 0-63 (X550: RSS per VMDq pool)" },
    { 0x03C00, 0x03C1C, "RXPBSIZE" },
    { 0x03F70, 0x03F74, "RXDBUECC, RXDBUEST" },
    { 0x03D00, 0x03D00, "FCCFG" },
    { 0x04208, 0x04218, "PCS1GLCTL, PCS1GANA" },
    { 0x04240, 0x04244, "HLREG0, HLREG1" },
    { 0x04260, 0x04260, "MSRWD (an MDIO read fills it)" },
    { 0x04268, 0x04268, "MAXFRS" },
    { 0x04294, 0x04294, "MFLCN" },
    { 0x042A8, 0x042AC, "AUTOC2, AUTOC3" },
    { 0x042D0, 0x042D0, "MMNGC" },
    { 0x04900, 0x049FF, "DCB Tx arbiters" },
    { 0x04A80, 0x04A80, "DMATXCTL" },
    { 0x04A88, 0x04A8C, "DTXTCPFLGL, DTXTCPFLGH" },
    { 0x05000, 0x05008, "RXCSUM, RFCTL" },
    { 0x05080, 0x05090, "FCTRL, VLNCTRL, MCSTCTRL" },
    { 0x05100, 0x051FF, "FCoE, ETQF" },
    { 0x05200, 0x054BC, "MTA, RAR 0-15, PSRTYPE 0-15" },
    { 0x05800, 0x05820, "wake-up, MRQC, MANC" },
    { 0x05C00, 0x05CA4, "RETA, RSSRK" },
    { 0x08100, 0x08120, "DTXMXSZRQ, MTQC" },
    { 0x08220, 0x08220, "PFDTXGSWC" },
    { 0x08600, 0x08AFF, "TQSM, FCoE Tx, IPsec Tx" },
    { 0x08800, 0x08800, "SECTXCTRL" },
    { 0x08C00, 0x08C7C, "PTP: the clock does not run" },
    { 0x08D00, 0x08D00, "SECRXCTRL" },
    { 0x08E00, 0x08EFF, "IPsec Rx" },
    { 0x0A000, 0x0A9FC, "VFTA, RAR 16-127 (0-15 are aliases), MPSAR" },
    { 0x0C800, 0x0C81C, "RTTUP2TC" },
    { 0x0CC00, 0x0CC1C, "TXPBSIZE" },
    { 0x0CD00, 0x0CDFF, "DCB Tx packet plane" },
    { 0x0D000, 0x0DFFF, "Rx queues 64-127" },
    { 0x0EA40, 0x0EAFC, "PSRTYPE 16-63" },
    { 0x0EC00, 0x0EC1C, "ETQS" },
    { 0x0EE00, 0x0EE7C, "Flow Director" },
    { 0x0EE80, 0x0EFFC, "ERETA (X550)" },
    { 0x0F000, 0x0F5FC, "VMOLR, VLVF, VLVFB, UTA" },
    { 0x10140, 0x10160, "SWSM, FWSM, FACTPS, SW_FW_SYNC" },
    { 0x11050, 0x11050, "GCR_EXT" },
    { 0x11074, 0x11074, "DCA_CTRL" },
    { 0x12300, 0x123FC, "EITR 24-63" },
    { 0x15800, 0x15F0C, "FLEX_MNG, HICR, FWSTS" },
    { 0x18000, 0x18FFC, "PFVFRSSRK (X550: RSS key per VMDq pool)" },
    { 0x19000, 0x19FFC, "PFVFRETA (X550: RSS table per VMDq pool)" },
};

static bool ixgbe_reg_known(hwaddr addr)
{
    if (addr >= IXGBE_RXQ_BASE &&
        addr < IXGBE_RXQ_BASE + IXGBE_RXQ_COUNT * IXGBE_Q_STRIDE) {
        return true;
    }
    if (addr >= IXGBE_TXQ_BASE &&
        addr < IXGBE_TXQ_BASE + IXGBE_TXQ_COUNT * IXGBE_Q_STRIDE) {
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(ixgbe_stored_regs); i++) {
        if (addr >= ixgbe_stored_regs[i].first &&
            addr <= ixgbe_stored_regs[i].last) {
            return true;
        }
    }
    return false;
}

/* The bits of a queue register (Rx or Tx) that hold what is written */
static uint32_t ixgbe_q_writable(int reg)
{
    switch (reg) {
    case IXGBE_Q_BAL:
        return IXGBE_Q_BAL_WRITABLE;
    case IXGBE_Q_LEN:
        return IXGBE_Q_LEN_WRITABLE;
    case IXGBE_Q_H:
    case IXGBE_Q_T:
        return IXGBE_Q_HT_WRITABLE;
    default:
        return ~0u;
    }
}

/*
 * Registers of queues and pools 0-15 that the 82599 also has at the
 * 82598's addresses: one register at two addresses. Linux's and DPDK's
 * ixgbe_type.h address SRRCTL and DCA_RXCTRL 0-15 at the 82598's (0x02100,
 * 0x02200), RAL/RAH and PSRTYPE 0-15 at the 82598's too (0x05400,
 * 0x05480). An access to the first range is one to the second: entry n of
 * the first, at stride apart, is entry n of the second, at its own stride;
 * the second is where the model keeps the register.
 */
typedef struct IxgbeAlias {
    hwaddr first;
    hwaddr last;
    hwaddr stride;
    hwaddr reg;
    hwaddr reg_stride;
} IxgbeAlias;

static const IxgbeAlias ixgbe_aliases[] = {
    { 0x02100, 0x0213C, 4, 0x01014, IXGBE_Q_STRIDE },  /* SRRCTL */
    { 0x02200, 0x0223C, 4, 0x0100C, IXGBE_Q_STRIDE },  /* DCA_RXCTRL */
    { 0x0A200, 0x0A27C, 8, 0x05400, 8 },               /* RAL, RAH */
    { 0x0EA00, 0x0EA3C, 4, 0x05480, 4 },               /* PSRTYPE */
};

static hwaddr ixgbe_unalias(hwaddr addr)
{
    for (size_t i = 0; i < ARRAY_SIZE(ixgbe_aliases); i++) {
        const IxgbeAlias *a = &ixgbe_aliases[i];

        if (addr >= a->first && addr <= a->last) {
            hwaddr off = addr - a->first;

            return a->reg + off / a->stride * a->reg_stride + off % a->stride;
        }
    }
    return addr;
}

/* Legacy and advanced one-buffer descriptors are modelled, not header split */
static void ixgbe_srrctl_check(int q, uint32_t srrctl)
{
    switch (srrctl & IXGBE_SRRCTL_DESCTYPE_MASK) {
    case IXGBE_SRRCTL_DESCTYPE_LEGACY:
    case IXGBE_SRRCTL_DESCTYPE_ADV_ONEBUF:
        break;
    case IXGBE_SRRCTL_DESCTYPE_HDR_SPLIT:
    case IXGBE_SRRCTL_DESCTYPE_HDR_ALWAYS:
        qemu_log_mask(LOG_UNIMP, "ixgbe: Rx queue %d: header split (frames "
                      "go whole into the packet buffer)\n", q);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: Rx queue %d: reserved "
                      "descriptor type 0x%x\n", q, srrctl);
        break;
    }
}

static bool ixgbe_is_rah(hwaddr addr)
{
    return (addr >= IXGBE_RAH(0) && addr <= IXGBE_RAH(15) && (addr & 7) == 4) ||
           (addr >= IXGBE_RAH(16) && addr <= IXGBE_RAH(127) && (addr & 7) == 4);
}

uint64_t ixgbe_core_read(IxgbeCore *core, hwaddr addr)
{
    uint32_t val;

    addr = ixgbe_unalias(addr & ~3);
    switch (addr) {
    case IXGBE_STATUS:
        val = ixgbe_lan_id(core) << IXGBE_STATUS_LAN_ID_SHIFT;
        /* GIO master requests never pend: disabling it is immediate */
        if (!(REG(core, IXGBE_CTRL) & IXGBE_CTRL_GIO_DIS)) {
            val |= IXGBE_STATUS_GIO;
        }
        break;
    case IXGBE_EICR:
        val = ixgbe_eicr(core);
        /*
         * In MSI-X mode with GPIE.OCD a read clears only the other causes,
         * not the queue causes of other vectors (the 82598's datasheet)
         */
        ixgbe_clear_causes(core, ixgbe_multi_vector(core) &&
                           (REG(core, IXGBE_GPIE) & IXGBE_GPIE_OCD) ?
                           val & ~IXGBE_EICR_QUEUES : val);
        ixgbe_auto_mask(core, UINT32_MAX, false);
        ixgbe_update_irq(core);
        break;
    case IXGBE_EICS:
        val = ixgbe_eicr(core);
        break;
    case IXGBE_EIMS:
        val = (core->queue_mask & IXGBE_EICR_QUEUES) | core->other_mask;
        break;
    case IXGBE_EIMS_EX(0):
    case IXGBE_EIMS_EX(1):
        val = core->queue_mask >> (addr == IXGBE_EIMS_EX(1) ? 32 : 0);
        break;
    case IXGBE_CTRL:
    case IXGBE_EEC:
    case IXGBE_EERD:
    case IXGBE_MSCA:
    case IXGBE_AUTOC:
    case IXGBE_MACC:
    case IXGBE_FDIRCTRL:
    case IXGBE_FDIRCMD:
        val = REG(core, addr);  /* as ixgbe_core_write left it */
        break;
    case IXGBE_SWSM:
        /* Reading takes the driver semaphore: the first reader sees 0 */
        val = REG(core, addr);
        REG(core, addr) |= IXGBE_SWSM_SMBI;
        break;
    case IXGBE_SWFW_SYNC:
        /* The X540 and X550 guard this register with a semaphore of its own */
        val = REG(core, addr);
        if (ixgbe_is_x5xx(core)) {
            REG(core, addr) |= IXGBE_SWFW_REGSMP_X540;
        }
        break;
    case IXGBE_HICR:
        /* The X550's firmware is there to take commands; the others' not */
        val = REG(core, addr) |
              (core->variant->mac == IXGBE_MAC_X550 ? IXGBE_HICR_EN : 0);
        break;
    case IXGBE_LINKS:
        val = ixgbe_links(core);
        break;
    case IXGBE_ANLP1:
        /* Auto-negotiation runs, partner or not; pause needs a partner */
        val = IXGBE_ANLP1_AN_RUNNING |
              (core->link_up ? IXGBE_ANLP1_PARTNER_PAUSE : 0);
        break;
    case IXGBE_LINKS2:
        val = core->link_up ? IXGBE_LINKS2_AN_SUPPORTED : 0;
        break;
    case IXGBE_FWSM:
        val = IXGBE_FWSM_FW_VAL;
        break;
    case IXGBE_SECRXSTAT:
    case IXGBE_SECTXSTAT:
        /* The security engines are idle: the driver need not wait for them */
        val = IXGBE_SECSTAT_RDY;
        break;
    default:
        val = REG(core, addr);
        if (ixgbe_is_counter(addr)) {
            REG(core, addr) = 0;
        } else if (!ixgbe_reg_known(addr)) {
            trace_ixgbe_reg_unknown_read(addr);
            qemu_log_mask(LOG_UNIMP, "ixgbe: read of unmodelled register "
                          "0x%05" HWADDR_PRIx "\n", addr);
            val = 0;
        }
        break;
    }
    trace_ixgbe_mmio_read(addr, val);
    return val;
}

void ixgbe_core_write(IxgbeCore *core, hwaddr addr, uint64_t val64)
{
    uint32_t val = val64;

    addr = ixgbe_unalias(addr & ~3);
    trace_ixgbe_mmio_write(addr, val);

    /* Some are in the queues' blocks */
    if (ixgbe_is_counter(addr)) {
        trace_ixgbe_counter_write(addr, val);
        return;
    }
    if (addr >= IXGBE_TXQ_BASE &&
        addr < IXGBE_TXQ_BASE + IXGBE_TXQ_COUNT * IXGBE_Q_STRIDE) {
        int q = (addr - IXGBE_TXQ_BASE) / IXGBE_Q_STRIDE;
        int reg = (addr - IXGBE_TXQ_BASE) % IXGBE_Q_STRIDE;

        REG(core, addr) = val & ixgbe_q_writable(reg);
        if (reg == IXGBE_Q_T || reg == IXGBE_Q_DCTL) {
            ixgbe_tx_queue(core, q);
        }
        return;
    }
    if (addr >= IXGBE_RXQ_BASE &&
        addr < IXGBE_RXQ_BASE + IXGBE_RXQ_COUNT * IXGBE_Q_STRIDE) {
        int reg = (addr - IXGBE_RXQ_BASE) % IXGBE_Q_STRIDE;

        REG(core, addr) = val & ixgbe_q_writable(reg);
        if (reg == IXGBE_RXQ_SRRCTL) {
            ixgbe_srrctl_check((addr - IXGBE_RXQ_BASE) / IXGBE_Q_STRIDE, val);
        }
        if ((reg == IXGBE_Q_T || reg == IXGBE_Q_DCTL) && !core->in_rx) {
            qemu_flush_queued_packets(qemu_get_queue(core->nic));
        }
        return;
    }

    switch (addr) {
    case IXGBE_CTRL:
        if (val & (IXGBE_CTRL_RST | IXGBE_CTRL_LNK_RST)) {
            /* Done by the time the driver polls: CTRL is at its default */
            ixgbe_core_reset(core);
            break;
        }
        REG(core, addr) = val;
        break;
    case IXGBE_EICR:
        ixgbe_clear_causes(core, val);
        ixgbe_auto_mask(core, UINT32_MAX, false);
        ixgbe_update_irq(core);
        break;
    case IXGBE_EICS:
        core->queue_cause |= val & IXGBE_EICR_QUEUES;
        core->other_cause |= val & ~IXGBE_EICR_QUEUES;
        ixgbe_auto_mask(core, val, true);
        ixgbe_update_irq(core);
        break;
    case IXGBE_EICS_EX(0):
    case IXGBE_EICS_EX(1):
        core->queue_cause |= ixgbe_ex_bits(val, addr == IXGBE_EICS_EX(1));
        ixgbe_update_irq(core);
        break;
    case IXGBE_EIMS:
        ixgbe_set_mask(core, val, true);
        break;
    case IXGBE_GPIE:
        REG(core, addr) = val;
        ixgbe_update_irq(core);
        break;
    case IXGBE_EIMC:
        ixgbe_set_mask(core, val, false);
        break;
    case IXGBE_EIMS_EX(0):
    case IXGBE_EIMS_EX(1):
        ixgbe_mask_queues(core, ixgbe_ex_bits(val, addr == IXGBE_EIMS_EX(1)),
                          true);
        ixgbe_update_irq(core);
        break;
    case IXGBE_EIMC_EX(0):
    case IXGBE_EIMC_EX(1):
        ixgbe_mask_queues(core, ixgbe_ex_bits(val, addr == IXGBE_EIMC_EX(1)),
                          false);
        ixgbe_update_irq(core);
        break;
    case IXGBE_EERD:
        ixgbe_eerd(core, val);
        break;
    case IXGBE_EEC:
        /* Only the request bit is the driver's; presence, size are ours */
        REG(core, addr) = (REG(core, addr) & ~0x40u) | (val & 0x40u);
        break;
    case IXGBE_MSCA:
        /* An MDIO command completes at once */
        REG(core, addr) = val & ~IXGBE_MSCA_MDI_COMMAND;
        if (val & IXGBE_MSCA_MDI_COMMAND) {
            REG(core, IXGBE_MSRWD) = ixgbe_phy_command(&core->phy, val,
                                                       REG(core, IXGBE_MSRWD));
            ixgbe_link_update(core);
        }
        break;
    case IXGBE_HICR:
        REG(core, addr) = val & ~(IXGBE_HICR_EN | IXGBE_HICR_C);
        if ((val & IXGBE_HICR_C) && core->variant->mac == IXGBE_MAC_X550) {
            ixgbe_fw_command(core);
        }
        break;
    case IXGBE_STATUS:
    case IXGBE_LINKS:
    case IXGBE_LINKS2:
    case IXGBE_ANLP1:
    case IXGBE_FWSM:
    case IXGBE_SECRXSTAT:
    case IXGBE_SECTXSTAT:
        break;                  /* read only */
    case IXGBE_AUTOC:
        /* Auto-negotiation restarts and is done: the bit clears */
        REG(core, addr) = val & ~IXGBE_AUTOC_AN_RESTART;
        ixgbe_link_update(core);
        break;
    case IXGBE_MACC:
        REG(core, addr) = val;
        ixgbe_link_update(core);
        break;
    case IXGBE_FDIRCTRL:
        /* The Flow Director tables are never built, so their init is done */
        REG(core, addr) = val | IXGBE_FDIRCTRL_INIT_DONE;
        break;
    case IXGBE_FDIRCMD:
        /* and a command completes at once, doing nothing */
        REG(core, addr) = val & ~IXGBE_FDIRCMD_CMD_MASK;
        break;
    case IXGBE_HLREG0:
        ixgbe_set_loopback(core, val & IXGBE_HLREG0_LPBK);
        REG(core, addr) = val;
        break;
    case IXGBE_RXCTRL:
        REG(core, addr) = val;
        if (!core->in_rx) {
            qemu_flush_queued_packets(qemu_get_queue(core->nic));
        }
        break;
    case IXGBE_DMATXCTL:
        REG(core, addr) = val;
        ixgbe_tx_all_queues(core);
        break;
    case IXGBE_DTXTCPFLGL:
        REG(core, addr) = val & (IXGBE_TCP_FLAGS_MASK |
                                 IXGBE_TCP_FLAGS_MASK <<
                                 IXGBE_DTXTCPFLGL_MID_SHIFT);
        break;
    case IXGBE_DTXTCPFLGH:
        REG(core, addr) = val & IXGBE_TCP_FLAGS_MASK;
        break;
    default:
        if (!ixgbe_reg_known(addr)) {
            trace_ixgbe_reg_unknown_write(addr, val);
            qemu_log_mask(LOG_UNIMP, "ixgbe: write of 0x%08x to unmodelled "
                          "register 0x%05" HWADDR_PRIx " dropped\n",
                          val, addr);
            break;
        }
        REG(core, addr) = ixgbe_is_rah(addr) ? val & IXGBE_RAH_WRITABLE : val;
        break;
    }
}

/* Life cycle */

void ixgbe_core_unrealize(IxgbeCore *core)
{
    net_rx_pkt_uninit(core->rx_pkt);
    ixgbe_late_drop_all(core);
    timer_free(core->late_timer);
}

void ixgbe_core_power_on(IxgbeCore *core)
{
    ixgbe_phy_reset(&core->phy, core->variant->phy_id);
    ixgbe_core_reset(core);
}

void ixgbe_core_realize(IxgbeCore *core)
{
    core->late_timer = timer_new_ms(QEMU_CLOCK_VIRTUAL, ixgbe_late_timer,
                                    core);
    g_queue_init(&core->late_frames);
    net_rx_pkt_init(&core->rx_pkt, false);
    ixgbe_eeprom_init(core);
    core->link_up = true;
    ixgbe_core_power_on(core);
}
