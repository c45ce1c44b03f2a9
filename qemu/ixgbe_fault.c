/*
 * Faults of the emulated ixgbe NIC, for tests.
 *
 * A fault is armed through configuration space and taken by the next MAC
 * loopback run (HLREG0.LPBK turned on), once: it hits the frame of that
 * run whose number (from 0) was armed with it, and the run after it is
 * clean. These are the faults a loopback test has to tell apart: a frame
 * lost, changed, cut short, flagged bad, written back without its data,
 * late, or a DMA engine that stops.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "ixgbe_fault.h"
#include "trace.h"

void ixgbe_fault_arm(IxgbeFaults *f, uint32_t kind, uint32_t arg,
                     uint32_t frame)
{
    if (kind >= IXGBE_FAULT_KINDS) {
        qemu_log_mask(LOG_GUEST_ERROR, "ixgbe: no fault of kind %u\n", kind);
        kind = IXGBE_FAULT_NONE;
    }
    f->armed = kind;
    f->armed_arg = arg;
    f->armed_frame = frame;
    trace_ixgbe_fault_arm(kind, arg, frame);
}

void ixgbe_fault_run_start(IxgbeFaults *f)
{
    f->kind = f->armed;
    f->arg = f->armed_arg;
    f->frame = f->armed_frame;
    f->armed = IXGBE_FAULT_NONE;
    f->looped = 0;
    f->injected = 0;
    f->stalled = false;
}

IxgbeFaultAction ixgbe_fault_frame(IxgbeFaults *f, uint8_t *frame,
                                   uint32_t *len)
{
    uint32_t n = f->looped++;
    IxgbeFaultAction action = IXGBE_LOOP_RECEIVE;

    if (f->kind == IXGBE_FAULT_NONE || n < f->frame) {
        return IXGBE_LOOP_RECEIVE;
    }
    /* From its frame on, a late or stalled MAC stays so */
    switch (f->kind) {
    case IXGBE_FAULT_LATE:
        action = IXGBE_LOOP_HOLD;
        break;
    case IXGBE_FAULT_STALL:
        f->stalled = true;
        action = IXGBE_LOOP_STALL;
        break;
    default:
        if (n != f->frame) {
            return IXGBE_LOOP_RECEIVE;
        }
        break;
    }
    if (n != f->frame) {
        return action;
    }

    switch (f->kind) {
    case IXGBE_FAULT_DROP:
        action = IXGBE_LOOP_DROP;
        break;
    case IXGBE_FAULT_CORRUPT:
        if (f->arg >= *len) {
            return IXGBE_LOOP_RECEIVE;      /* nothing to corrupt: no fault */
        }
        frame[f->arg] ^= 0xff;
        break;
    case IXGBE_FAULT_TRUNCATE:
        if (f->arg >= *len) {
            return IXGBE_LOOP_RECEIVE;
        }
        *len = f->arg;
        break;
    case IXGBE_FAULT_RX_ERROR:
        action = IXGBE_LOOP_RECEIVE_ERROR;
        break;
    case IXGBE_FAULT_STALE:
        action = IXGBE_LOOP_WRITE_BACK_ONLY;
        break;
    default:
        break;
    }
    f->injected++;
    trace_ixgbe_fault_hit(f->kind, n);
    return action;
}
