/**
 * Where Terraform keeps each Azure and vSphere stack's state. `local` keeps it in
 * `<outdir>/terraform-state/<stack>.tfstate`, which `pcloud synth` carries over from one
 * synthesis to the next; use a remote backend for anything shared. Every stack has its own state
 * key (its name), so one force's state never holds another's resources.
 */
export type TerraformStateConfig =
  | { readonly type: 'local' }
  | {
      readonly type: 'azurerm';
      readonly resourceGroupName: string;
      readonly storageAccountName: string;
      readonly containerName: string;
      readonly subscriptionId?: string;
    }
  | { readonly type: 's3'; readonly bucket: string; readonly region: string; readonly dynamodbTable?: string; readonly kmsKeyId?: string };
