"use client";

import * as React from "react";
import { useTheme } from "next-themes";
import { Monitor, Moon, Sun } from "lucide-react";

import { Button, type ButtonProps } from "@/components/ui/button";
import {
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  Menu,
} from "@/components/ui/dropdown-menu";

const THEMES = [
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
  { value: "system", label: "System", icon: Monitor },
] as const;

type ThemeToggleProps = Omit<ButtonProps, "children" | "asChild"> & {
  align?: "start" | "center" | "end";
};

/** Icon button opening a Light / Dark / System menu (next-themes; needs the ThemeProvider with attribute="class"). */
function ThemeToggle({ align = "end", variant = "ghost", size = "icon", ...props }: ThemeToggleProps) {
  const { theme, setTheme } = useTheme();

  return (
    <Menu
      trigger={
        <Button variant={variant} size={size} aria-label="Change theme" {...props}>
          {/* CSS-driven so server and client markup match before the theme is known. */}
          <Sun
            className="scale-100 rotate-0 transition-transform dark:scale-0 dark:-rotate-90"
            aria-hidden="true"
          />
          <Moon
            className="absolute scale-0 rotate-90 transition-transform dark:scale-100 dark:rotate-0"
            aria-hidden="true"
          />
        </Button>
      }
      label="Theme"
      labelClassName="text-xs font-normal text-muted-foreground"
      align={align}
      className="min-w-36"
    >
      <DropdownMenuSeparator />
      <DropdownMenuRadioGroup value={theme ?? "system"} onValueChange={setTheme}>
        {THEMES.map(({ value, label, icon: Icon }) => (
          <DropdownMenuRadioItem key={value} value={value}>
            <Icon aria-hidden="true" />
            {label}
          </DropdownMenuRadioItem>
        ))}
      </DropdownMenuRadioGroup>
    </Menu>
  );
}

export { ThemeToggle };
