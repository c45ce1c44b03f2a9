/*
 * Intel 82599, X540 and X550 10GbE emulation: the core (registers,
 * EEPROM, queues, descriptors, interrupts). It knows the datasheet, not PCI
 * plumbing; ixgbe.c is the PCI face.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_IXGBE_CORE_H
#define HW_NET_IXGBE_CORE_H

#include "hw/pci/pci.h"
#include "net/net.h"
#include "net/eth.h"
#include "ixgbe_regs.h"
#include "ixgbe_mdio_phy.h"
#include "ixgbe_fault.h"
#include "net_rx_pkt.h"
#include "qemu/timer.h"

#define IXGBE_EEPROM_WORDS      512
#define IXGBE_MAX_FRAME         (64 * 1024)
/*
 * A TSO packet: PAYLEN's 18 bits of payload after a header of at most
 * MACLEN + IPLEN + L4LEN = 127 + 511 + 255 bytes
 */
#define IXGBE_MAX_TSO_PACKET    (256 * 1024 + 1024)

/* The MAC generations, as the driver tells them apart (ixgbe_mac_*) */
typedef enum IxgbeMac {
    IXGBE_MAC_82599,
    IXGBE_MAC_X540,
    IXGBE_MAC_X550,
} IxgbeMac;

/* How the function signals: GPIE.MSIX_MODE and PCI's MSI and MSI-X */
typedef enum IxgbeIrqMode {
    IXGBE_IRQ_INTX,
    IXGBE_IRQ_MSI,
    IXGBE_IRQ_MSIX_ONE,         /* every cause on vector 0 */
    IXGBE_IRQ_MSIX_EACH,        /* a vector per cause, as IVAR says */
} IxgbeIrqMode;

typedef struct IxgbeVariant {
    const char *desc;
    uint16_t device_id;
    uint16_t subsystem_id;
    IxgbeMac mac;
    uint32_t phy_id;            /* 0: a backplane port, no PHY */
    uint16_t pcie_speed;        /* PCI_EXP_LNKCAP_SLS_* */
    uint8_t pcie_width;         /* lanes */
} IxgbeVariant;

/* A Tx context descriptor, as the data descriptors' IDX select it */
typedef struct IxgbeTxContext {
    uint32_t vlan_macip_lens;
    uint32_t type_tucmd;
    uint32_t mss_l4len_idx;
} IxgbeTxContext;

typedef struct IxgbeCore {
    PCIDevice *owner;
    NICState *nic;
    const IxgbeVariant *variant;
    uint8_t permanent_mac[ETH_ALEN];

    uint32_t regs[IXGBE_MMIO_SIZE / 4];
    uint16_t eeprom[IXGBE_EEPROM_WORDS];
    IxgbePhy phy;
    IxgbeFaults faults;
    /* Frames a LATE fault holds back, oldest first, and their timer */
    GQueue late_frames;
    QEMUTimer *late_timer;

    /*
     * EICR/EIMS split in two: the queue causes, one bit per MSI-X vector
     * (EICR/EIMS bits 0-15 and the _EX registers), and the other causes
     * (EICR/EIMS bits 16-31), which go to the vector in IVAR_MISC. Each
     * has the causes its MSI-X messages signalled, pending since.
     */
    uint64_t queue_cause;
    uint64_t queue_mask;
    uint64_t queue_signalled;
    uint32_t other_cause;
    uint32_t other_mask;
    uint32_t other_signalled;
    /* Under MSI or one MSI-X vector: the causes the last message signalled */
    uint32_t msi_signalled;
    /* The mode in which they were */
    IxgbeIrqMode irq_mode;

    bool link_up;               /* the backend's */
    bool mac_link;              /* LINKS: the backend's, or forced up */
    /*
     * Set while Tx descriptors are processed, or a frame is received: a
     * DMA of ours into BAR0 must not start either again (7.2 has no
     * re-entrancy guard of its own).
     */
    bool in_tx;
    bool in_rx;
    /*
     * Set in each way into the device (an access to BAR0, a frame, a link
     * change, a config write, the late timer, a message of the function's
     * that QEMU sends): an access to BAR0 then is the device's own DMA or
     * interrupt message aimed at it, and dropped.
     */
    bool in_device;

    /*
     * The packet being gathered from Tx descriptors, whose it is, and its
     * first data descriptor's command and olinfo (offloads, context)
     */
    uint8_t tx_frame[IXGBE_MAX_TSO_PACKET];
    uint32_t tx_len;
    uint8_t tx_segment[IXGBE_MAX_FRAME];    /* one of a TSO packet's */
    bool tx_started;
    bool tx_discard;
    int tx_queue;
    uint32_t tx_cmd;
    uint32_t tx_olinfo;
    IxgbeTxContext tx_ctx[IXGBE_TXQ_COUNT][IXGBE_TX_CONTEXTS];
    uint8_t rx_frame[IXGBE_MAX_FRAME + 4];
    uint32_t rx_len;            /* the last frame written back, FCS included */
    struct NetRxPkt *rx_pkt;    /* parses a received frame for its write-back */
} IxgbeCore;

void ixgbe_core_realize(IxgbeCore *core);
void ixgbe_core_unrealize(IxgbeCore *core);
/* Power-on reset: the MAC and the PHY */
void ixgbe_core_power_on(IxgbeCore *core);
/* The MAC's own reset (CTRL.RST): the PHY keeps its registers */
void ixgbe_core_reset(IxgbeCore *core);
uint64_t ixgbe_core_read(IxgbeCore *core, hwaddr addr);
void ixgbe_core_write(IxgbeCore *core, hwaddr addr, uint64_t val);
bool ixgbe_core_can_receive(IxgbeCore *core);
ssize_t ixgbe_core_receive(IxgbeCore *core, const uint8_t *buf, size_t size);
void ixgbe_core_set_link_status(IxgbeCore *core, bool up);
void ixgbe_core_bus_master_changed(IxgbeCore *core, bool turned_on);
void ixgbe_core_msi_changed(IxgbeCore *core);
void ixgbe_core_msix_changed(IxgbeCore *core);
bool ixgbe_core_enter(IxgbeCore *core);
void ixgbe_core_leave(IxgbeCore *core, bool was_in);

#endif
