/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _IXGBE_LBTEST_H_
#define _IXGBE_LBTEST_H_

struct ixgbe_adapter;
struct ixgbe_ring;

/* What ethtool -t reports for the loopback test. 1 to 10 are failures to
 * set the test up (ixgbe_ethtool.c); 11 is still a failed allocation and 12
 * a frame the Tx ring refused, and 13 keeps its old sense of frames missing.
 */
enum ixgbe_lbtest_result {
	IXGBE_LBTEST_PASS = 0,
	/* no memory for a test frame, or for the Rx buffers of a batch */
	IXGBE_LBTEST_NO_MEMORY = 11,
	/* the Tx ring refused a frame */
	IXGBE_LBTEST_TX_BUSY = 12,
	/* a frame was lost: a later one came in its place, or none came
	 * although every Tx write-back of the batch did
	 */
	IXGBE_LBTEST_LOST = 13,
	/* a batch's Tx write-backs did not all come within 200 ms */
	IXGBE_LBTEST_TIMEOUT = 14,
	/* an Rx write-back has an error bit set, or lacks DD or EOP */
	IXGBE_LBTEST_RX_ERROR = 15,
	/* an Rx write-back's length is not the frame's */
	IXGBE_LBTEST_BAD_LENGTH = 16,
	/* a received frame differs from the frame sent */
	IXGBE_LBTEST_CORRUPT = 17,
	/* an Rx buffer holds a frame of an earlier lap or run */
	IXGBE_LBTEST_STALE = 18,
	/* refused: an AF_XDP zero-copy socket uses queue 0 */
	IXGBE_LBTEST_XSK_BUSY = 19,
	/* not run: SR-IOV or VMDq is enabled */
	IXGBE_LBTEST_NOT_RUN_VT = 20,
};

int ixgbe_lbtest_run(struct ixgbe_adapter *adapter,
		     struct ixgbe_ring *tx_ring, struct ixgbe_ring *rx_ring);

#endif /* _IXGBE_LBTEST_H_ */
