/*
 * Faults of the emulated ixgbe NIC, for tests: set by the guest through a
 * vendor-specific capability in PCI configuration space that no Intel
 * part has and the driver never reads (see ixgbe_regs.h, IXGBE_CAP_TEST).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_IXGBE_FAULT_H
#define HW_NET_IXGBE_FAULT_H

/* What a fault does to the frame it hits (and, for LATE and STALL, after) */
typedef enum IxgbeFaultKind {
    IXGBE_FAULT_NONE,
    IXGBE_FAULT_DROP,           /* Tx completes, nothing is received */
    IXGBE_FAULT_CORRUPT,        /* byte ARG of the frame inverted */
    IXGBE_FAULT_TRUNCATE,       /* ARG bytes written, length ARG */
    IXGBE_FAULT_RX_ERROR,       /* received with the frame error bit */
    IXGBE_FAULT_STALE,          /* write-back without the data */
    IXGBE_FAULT_LATE,           /* this and later frames ARG ms late */
    IXGBE_FAULT_STALL,          /* the Tx engine stops: see stalled */
    IXGBE_FAULT_KINDS
} IxgbeFaultKind;

/* Reset values as an NVM could give them; they apply at the next reset */
#define IXGBE_NVM_AUTOC_ZERO    (1u << 0)       /* AUTOC: no link mode */
#define IXGBE_NVM_KEEP_FCS      (1u << 1)       /* HLREG0: RXCRCSTRP off */
#define IXGBE_NVM_FLAGS         0x3u

/* What the MAC does with one looped frame */
typedef enum IxgbeFaultAction {
    IXGBE_LOOP_RECEIVE,
    IXGBE_LOOP_RECEIVE_ERROR,
    IXGBE_LOOP_WRITE_BACK_ONLY,
    IXGBE_LOOP_DROP,
    IXGBE_LOOP_HOLD,
    IXGBE_LOOP_STALL,
} IxgbeFaultAction;

typedef struct IxgbeFaults {
    /* Armed by the test; the next MAC loopback run takes it */
    IxgbeFaultKind armed;
    uint32_t armed_arg;
    uint32_t armed_frame;
    uint32_t nvm;

    /* This run's (or the last run's) */
    IxgbeFaultKind kind;
    uint32_t arg;
    uint32_t frame;
    uint32_t looped;            /* frames transmitted in loopback */
    uint32_t injected;          /* times a fault hit this run: 0 or 1 */
    uint32_t rx_len;            /* the last looped frame's write-back length */
    /*
     * The Tx engine has stopped: no descriptor is processed or written
     * back, on any queue, until a reset or the next loopback run.
     */
    bool stalled;
} IxgbeFaults;

void ixgbe_fault_arm(IxgbeFaults *f, uint32_t kind, uint32_t arg,
                     uint32_t frame);
/* MAC loopback was just turned on: a new run, which takes the armed fault */
void ixgbe_fault_run_start(IxgbeFaults *f);
/*
 * The next frame of the run, its bytes and length as sent: what the MAC
 * does with it. CORRUPT and TRUNCATE change the frame in place.
 */
IxgbeFaultAction ixgbe_fault_frame(IxgbeFaults *f, uint8_t *frame,
                                   uint32_t *len);

#endif
