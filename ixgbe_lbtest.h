/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _IXGBE_LBTEST_H_
#define _IXGBE_LBTEST_H_

struct ixgbe_adapter;
struct ixgbe_ring;

int ixgbe_lbtest_run(struct ixgbe_adapter *adapter,
		     struct ixgbe_ring *tx_ring, struct ixgbe_ring *rx_ring);

#endif /* _IXGBE_LBTEST_H_ */
