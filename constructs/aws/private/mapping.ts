import type { ImageId } from '../../../lib/images';
import type { Size } from '../../../lib/sizes';

/** EC2 instance types behind the portable sizes (the SIZE_SHAPES of lib/sizes.ts). */
export const INSTANCE_TYPES: Readonly<Record<Size, string>> = {
  small: 'm7i.large',
  medium: 'm7i.xlarge',
  large: 'm7i.2xlarge',
  xlarge: 'm7i.4xlarge',
};

/** RDS instance classes (without the `db.` prefix) behind the portable sizes. */
export const DATABASE_CLASSES: Readonly<Record<Size, string>> = {
  small: 'm7g.large',
  medium: 'm7g.xlarge',
  large: 'm7g.2xlarge',
  xlarge: 'm7g.4xlarge',
};

/** Canonical's public SSM parameters: the AMI resolves at deploy time, the template stays stable. */
export const IMAGE_PARAMETERS: Readonly<Record<ImageId, string>> = {
  'ubuntu-24.04': '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
  'ubuntu-22.04': '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id',
};

/** Root device of Canonical's Ubuntu AMIs. */
export const ROOT_DEVICE = '/dev/sda1';
