/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced into ixgbe_main.c by Kbuild in the test flavour only. A module has
 * one init and one exit function, and the simulated ports need theirs; this
 * turns ixgbe's module_init()/module_exit() into aliases that the ports'
 * init and exit call, so that ixgbe_main.c itself is built unchanged.
 */

#include <linux/module.h>

#include "ixgbe_lbtest_sim.h"

#undef module_init
#undef module_exit
#define module_init(fn)	int __alias(fn) ixgbe_lbsim_hw_init(void)
#define module_exit(fn)	void __alias(fn) ixgbe_lbsim_hw_exit(void)
