/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test flavour only (make SIM=1): a software MAC-loopback port on which
 * "ethtool -t" runs ixgbe's loopback self-test without a NIC.
 */

#ifndef _IXGBE_LBTEST_SIM_H_
#define _IXGBE_LBTEST_SIM_H_

#include <linux/compiler.h>
#include <linux/ktime.h>
#include <linux/types.h>

struct device;
struct ixgbe_adapter;
struct ixgbe_lbsim_model;
struct ixgbe_ring;

/* What the model did in a run. */
struct ixgbe_lbsim_counters {
	u64 frames_looped;
	u64 faults_injected;
	/* when the last frame was written to the Rx ring */
	ktime_t last_looped;
};

/* The NIC's queue 0 with its MAC in loopback (ixgbe_lbtest_sim_model.c). */
struct ixgbe_lbsim_model *ixgbe_lbsim_model_create(struct device *dev);
void ixgbe_lbsim_model_destroy(struct ixgbe_lbsim_model *model);
u8 __iomem *ixgbe_lbsim_model_regs(struct ixgbe_lbsim_model *model);
int ixgbe_lbsim_model_start(struct ixgbe_lbsim_model *model);
void ixgbe_lbsim_model_stop(struct ixgbe_lbsim_model *model);
int ixgbe_lbsim_model_set_fault(struct ixgbe_lbsim_model *model,
				const char *spec, u32 frame);
const struct ixgbe_lbsim_counters *
ixgbe_lbsim_model_counters(struct ixgbe_lbsim_model *model);

/*
 * ixgbe's own module init and exit, renamed by ixgbe_lbtest_sim_hook.h so
 * that the simulated ports' init and exit can call them; cold like their
 * targets.
 */
int __cold ixgbe_lbsim_hw_init(void);
void __cold ixgbe_lbsim_hw_exit(void);

#endif /* _IXGBE_LBTEST_SIM_H_ */
